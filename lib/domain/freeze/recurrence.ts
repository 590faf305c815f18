// Expands (possibly recurring) freeze periods into concrete intervals.
// Recurrence is computed in the freeze's local wall-clock time: the rule runs
// on "floating" UTC dates that stand for local times, and each local
// start/end is then converted to an instant in freeze.timeZone. So "every day
// 00:00–23:59 Europe/London" stays 00:00–23:59 local on both sides of a DST
// change. Expansion is bounded and fails closed (see Occurrences).
import type { FreezeSeverity } from '../shared/types'
import { instantToWallTime, wallTimeToInstant } from '../time/zoned'
import { expandStarts, type ExpansionBounds } from './expand-rule'
import { overlaps, type Interval } from './overlap'
import { parseRecurrenceRule } from './recurrence-rule'

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

/**
 * The occurrences of a freeze in a range. When the rule could not be fully
 * evaluated (a rule outside the supported language, stored before the form
 * refused it, or an expansion beyond its bounds), `complete` is false and
 * callers must treat the freeze as covering the whole range: fail closed.
 */
export type Occurrences =
  | { complete: true; intervals: Interval[] }
  | { complete: false; intervals: Interval[]; problem: string }

export type ExpansionOptions = {
  /** Milliseconds, monotonic enough; injectable so tests can exhaust the budget deterministically. */
  clock?: () => number
  timeBudgetMs?: number
}

/** Occurrence cap per call; far above any real freeze calendar. */
export const MAX_OCCURRENCES = 5_000
/** Days looked at per call (a yearly period looks at its 365/366): some 550 years. */
export const MAX_DAYS_EXAMINED = 200_000
/** Wall-clock budget per freeze and call, a backstop behind the deterministic caps above. */
export const EXPANSION_TIME_BUDGET_MS = 200
const DAY = 86_400_000

const STOPPED: Record<'occurrences' | 'days' | 'time', string> = {
  occurrences: `it has more than ${MAX_OCCURRENCES} occurrences near this range`,
  days: 'expanding it would take too long',
  time: `expanding it took longer than its time budget`,
}

/** A sentence for use inside another one: lower-case first letter (unless it starts a rule part), no final full stop. */
function sentenceInside(text: string): string {
  const trimmed = text.replace(/\.$/, '')
  return /^[A-Z](?![A-Z])/.test(trimmed) ? trimmed[0]?.toLowerCase() + trimmed.slice(1) : trimmed
}

function boundsOf(options: ExpansionOptions): ExpansionBounds {
  const clock = options.clock ?? Date.now
  const deadline = clock() + (options.timeBudgetMs ?? EXPANSION_TIME_BUDGET_MS)
  return { maxOccurrences: MAX_OCCURRENCES, maxDays: MAX_DAYS_EXAMINED, outOfTime: () => clock() > deadline }
}

/** A sentence describing why the rule is not accepted, or null when it is usable. For the admin form. */
export function recurrenceRuleProblem(text: string): string | null {
  const parsed = parseRecurrenceRule(text)
  return parsed.ok ? null : parsed.problem
}

function isRecurring(freeze: FreezeDefinition): freeze is FreezeDefinition & { rrule: string } {
  return freeze.rrule !== null && freeze.rrule.trim() !== ''
}

function wallSpan(freeze: FreezeDefinition) {
  const wallStart = instantToWallTime(freeze.startsAt, freeze.timeZone)
  return { wallStart, wallDuration: instantToWallTime(freeze.endsAt, freeze.timeZone) - wallStart }
}

/** RFC 5545: DTSTART is always the first instance, even if the rule would not produce it. */
function withFirst(starts: number[], wallStart: number, from: number, to: number): number[] {
  const all = new Set(starts)
  if (wallStart >= from && wallStart <= to) all.add(wallStart)
  return [...all].sort((a, b) => a - b)
}

/** One local occurrence start → the real interval. Gap times shift forward; overlap times take the earlier instant. */
function toInterval(wallStartMs: number, wallDuration: number, timeZone: string): Interval {
  const start = wallTimeToInstant(wallStartMs, timeZone, 'compatible') ?? new Date(wallStartMs)
  const end = wallTimeToInstant(wallStartMs + wallDuration, timeZone, 'compatible') ?? new Date(wallStartMs + wallDuration)
  return { start, end }
}

/** Every occurrence of the freeze that overlaps the range (half-open), in time order — or, failing that, `complete: false`. */
export function occurrencesBetween(freeze: FreezeDefinition, range: Interval, options: ExpansionOptions = {}): Occurrences {
  if (!isRecurring(freeze)) {
    const only = { start: freeze.startsAt, end: freeze.endsAt }
    return { complete: true, intervals: overlaps(only, range) ? [only] : [] }
  }
  const { wallStart, wallDuration } = wallSpan(freeze)
  const parsed = parseRecurrenceRule(freeze.rrule, wallStart)
  if (!parsed.ok) return { complete: false, intervals: [], problem: `its rule is not accepted: ${sentenceInside(parsed.problem)}` }
  if (wallDuration <= 0) return { complete: true, intervals: [] }
  // Search in wall time, widened by the duration (an occurrence starting before
  // the range can reach into it) and a day for any zone offset.
  const from = instantToWallTime(range.start, freeze.timeZone) - wallDuration - DAY
  const to = instantToWallTime(range.end, freeze.timeZone) + DAY
  const result = expandStarts(parsed.rule, wallStart, from, to, boundsOf(options))
  const intervals = withFirst(result.starts, wallStart, from, to)
    .map((ms) => toInterval(ms, wallDuration, freeze.timeZone))
    .filter((interval) => overlaps(interval, range))
  return result.complete ? { complete: true, intervals } : { complete: false, intervals, problem: STOPPED[result.stoppedBy] }
}

/**
 * End of the last occurrence, stored as FreezePeriod.activeUntil so SQL can
 * pre-filter by span. Null for unbounded rules (no COUNT/UNTIL), and also when
 * the rule cannot be fully expanded (unsupported, or beyond the bounds) —
 * null means "unbounded", the safe side.
 */
export function activeUntilOf(freeze: FreezeDefinition, options: ExpansionOptions = {}): Date | null {
  if (!isRecurring(freeze)) return freeze.endsAt
  const { wallStart, wallDuration } = wallSpan(freeze)
  const parsed = parseRecurrenceRule(freeze.rrule, wallStart)
  if (!parsed.ok || (parsed.rule.count === null && parsed.rule.until === null)) return null
  const result = expandStarts(parsed.rule, wallStart, wallStart, Number.POSITIVE_INFINITY, boundsOf(options))
  if (!result.complete) return null
  return toInterval(Math.max(wallStart, ...result.starts), wallDuration, freeze.timeZone).end
}
