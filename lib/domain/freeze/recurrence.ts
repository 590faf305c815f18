// Expands (possibly recurring) freeze periods into concrete intervals.
// Recurrence is computed in the freeze's local wall-clock time: rrule runs on
// "floating" UTC dates that stand for local times, and each local start/end is
// then converted to an instant in freeze.timeZone. So "every day 00:00–23:59
// Europe/London" stays 00:00–23:59 local on both sides of a DST change.
import * as rruleModule from 'rrule'
import type { Options } from 'rrule'
import type { FreezeSeverity } from '../shared/types'
import { instantToWallTime, wallTimeToInstant } from '../time/zoned'
import { overlaps, type Interval } from './overlap'

// rrule ships CommonJS to Node and ESM to bundlers; Node's ESM loader cannot
// see its named exports, so fall back to the CommonJS default export.
const RRule: typeof rruleModule.RRule =
  rruleModule.RRule ?? (rruleModule as unknown as { default: typeof rruleModule }).default.RRule

export type FreezeDefinition = {
  id: string
  name: string
  severity: FreezeSeverity
  /** First occurrence; every occurrence lasts endsAt − startsAt of wall-clock time. */
  startsAt: Date
  endsAt: Date
  timeZone: string
  /** RRULE without DTSTART, e.g. 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1'. */
  rrule: string | null
  allServices: boolean
  serviceIds: readonly string[]
  archived?: boolean
}

/** Guards against rules like FREQ=SECONDLY over a year; far above any real freeze calendar. */
export const MAX_OCCURRENCES = 5_000
const DAY = 86_400_000

/** Parses the RRULE text into rrule options (DTSTART/TZID in the text are ignored); throws on bad syntax. */
function parseRule(text: string): Partial<Options> {
  const body = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^DTSTART/i.test(line))
    .map((line) => line.replace(/^RRULE:/i, ''))
    .join(';')
  const options = RRule.parseString(body)
  if (options.freq === undefined || options.freq === null) throw new Error('The rule needs a FREQ, e.g. FREQ=WEEKLY.')
  delete options.dtstart
  delete options.tzid
  return options
}

/** A sentence describing why the rule is invalid, or null when it is usable. For the admin form. */
export function recurrenceRuleProblem(text: string): string | null {
  try {
    parseRule(text)
    return null
  } catch (error) {
    return `The recurrence rule is not valid: ${error instanceof Error ? error.message : String(error)}`
  }
}

function buildRule(freeze: FreezeDefinition, rule: string) {
  const wallStart = instantToWallTime(freeze.startsAt, freeze.timeZone)
  const wallDuration = instantToWallTime(freeze.endsAt, freeze.timeZone) - wallStart
  return { rule: new RRule({ ...parseRule(rule), dtstart: new Date(wallStart) }), wallStart, wallDuration }
}

/** RFC 5545: DTSTART is always the first instance, even if the rule would not produce it. */
function withFirst(starts: Date[], wallStart: number, from: number, to: number): number[] {
  const all = new Set(starts.map((d) => d.getTime()))
  if (wallStart >= from && wallStart <= to) all.add(wallStart)
  return [...all].sort((a, b) => a - b)
}

/** One local occurrence start → the real interval. Gap times shift forward; overlap times take the earlier instant. */
function toInterval(wallStartMs: number, wallDuration: number, timeZone: string): Interval {
  const start = wallTimeToInstant(wallStartMs, timeZone, 'compatible') ?? new Date(wallStartMs)
  const end = wallTimeToInstant(wallStartMs + wallDuration, timeZone, 'compatible') ?? new Date(wallStartMs + wallDuration)
  return { start, end }
}

/** Every occurrence of the freeze that overlaps the range (half-open), in time order. */
export function occurrencesBetween(freeze: FreezeDefinition, range: Interval): Interval[] {
  if (freeze.rrule === null || freeze.rrule.trim() === '') {
    const only = { start: freeze.startsAt, end: freeze.endsAt }
    return overlaps(only, range) ? [only] : []
  }
  const { rule, wallStart, wallDuration } = buildRule(freeze, freeze.rrule)
  if (wallDuration <= 0) return []
  // Search in wall time, widened by the duration (an occurrence starting before
  // the range can reach into it) and a day for any zone offset.
  const from = new Date(instantToWallTime(range.start, freeze.timeZone) - wallDuration - DAY)
  const to = new Date(instantToWallTime(range.end, freeze.timeZone) + DAY)
  const starts = withFirst(
    rule.between(from, to, true, (_date, i) => i < MAX_OCCURRENCES),
    wallStart,
    from.getTime(),
    to.getTime(),
  )
  return starts
    .map((ms) => toInterval(ms, wallDuration, freeze.timeZone))
    .filter((interval) => overlaps(interval, range))
}

/**
 * End of the last occurrence, stored as FreezePeriod.activeUntil so SQL can
 * pre-filter by span. Null for unbounded rules (no COUNT/UNTIL), and also when
 * the rule exceeds MAX_OCCURRENCES — null means "unbounded", the safe side.
 */
export function activeUntilOf(freeze: FreezeDefinition): Date | null {
  if (freeze.rrule === null || freeze.rrule.trim() === '') return freeze.endsAt
  const { rule, wallStart, wallDuration } = buildRule(freeze, freeze.rrule)
  if (!rule.options.count && !rule.options.until) return null
  const starts = rule.all((_date, i) => i < MAX_OCCURRENCES + 1)
  if (starts.length > MAX_OCCURRENCES) return null
  const last = Math.max(wallStart, ...starts.map((d) => d.getTime()))
  return toInterval(last, wallDuration, freeze.timeZone).end
}
