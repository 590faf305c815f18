// Reads a freeze's RRULE text into the small, bounded rule language freezes
// use. A freeze occurrence starts at the freeze's start time and repeats at
// most once a day (FREQ DAILY to YEARLY, no BYHOUR/BYMINUTE/BYSECOND), so
// every accepted rule has at most one occurrence per calendar day and can be
// expanded period by period from anywhere (see expand-rule.ts). Everything
// else is refused here with a sentence the admin form shows; rows stored
// before these limits fail closed in occurrencesBetween.
import * as rruleModule from 'rrule'
import type { Options } from 'rrule'

// rrule ships CommonJS to Node and ESM to bundlers; Node's ESM loader cannot
// see its named exports, so fall back to the CommonJS default export.
const RRule: typeof rruleModule.RRule =
  rruleModule.RRule ?? (rruleModule as unknown as { default: typeof rruleModule }).default.RRule

export const RULE_FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY'] as const
export type RuleFrequency = (typeof RULE_FREQUENCIES)[number]
export const RULE_PARTS = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'WKST'] as const
export const MAX_INTERVAL = 1_000
export const MAX_COUNT = 5_000

/**
 * A rule with rrule's defaults made explicit (a WEEKLY rule without BYDAY
 * repeats on DTSTART's weekday, etc.), so it no longer depends on DTSTART and
 * can be expanded from any aligned period. Weekdays: 0 = Monday … 6 = Sunday,
 * as in rrule. `until` is a wall-clock time in floating-UTC milliseconds.
 */
export type ExpandableRule = {
  freq: RuleFrequency
  interval: number
  count: number | null
  until: number | null
  wkst: number
  byMonth: readonly number[]
  /** Positive (1…31) and negative (−1 = last day) days of the month. */
  byMonthDay: readonly number[]
  byWeekday: readonly number[]
  /** [weekday, n]: the nth (from the end when negative) weekday of the month, or of the year for YEARLY without BYMONTH. */
  byNthWeekday: readonly (readonly [number, number])[]
  bySetPos: readonly number[]
}

export type ParsedRule = { ok: true; rule: ExpandableRule } | { ok: false; problem: string }

const ALLOWED = `${RULE_PARTS.slice(0, -1).join(', ')} and ${RULE_PARTS.at(-1)}`

/** The rule body without DTSTART lines or RRULE: prefixes; DTSTART/TZID are ignored (startsAt is DTSTART). */
function ruleBody(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^DTSTART/i.test(line))
    .map((line) => line.replace(/^RRULE:/i, ''))
    .join(';')
}

/** Refusals that need only the text: unknown parts and frequencies (these would not even reach rrule safely). */
function shapeProblem(body: string): string | null {
  const parts = body.split(';').filter((p) => p.trim() !== '')
  const malformed = parts.find((p) => !p.includes('='))
  if (malformed !== undefined) return `The recurrence rule is not valid: "${malformed.trim()}" is not a NAME=VALUE part, e.g. FREQ=WEEKLY.`
  const keys = parts.map((p) => p.split('=')[0]?.trim().toUpperCase() ?? '')
  const unknown = keys.find((k) => !(RULE_PARTS as readonly string[]).includes(k))
  if (unknown !== undefined) {
    return `${unknown || 'An empty part'} is not supported in a freeze's rule: every occurrence starts at the freeze's start time. Use only ${ALLOWED}.`
  }
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i)
  if (duplicate) return `${duplicate} appears twice in the rule.`
  const freq = parts.find((p) => /^\s*FREQ\s*=/i.test(p))?.split('=')[1]?.trim().toUpperCase()
  if (!freq) return 'The recurrence rule is not valid: the rule needs a FREQ, e.g. FREQ=WEEKLY.'
  if (!(RULE_FREQUENCIES as readonly string[]).includes(freq)) {
    return `A freeze can repeat daily, weekly, monthly or yearly (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY); FREQ=${freq} is not supported.`
  }
  if (keys.includes('COUNT') && keys.includes('UNTIL')) return 'Use COUNT or UNTIL, not both.'
  return null
}

const whole = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max
const wholeNonZero = (v: number, max: number) => Number.isInteger(v) && v !== 0 && Math.abs(v) <= max

/** Range checks on rrule's parsed options (parseString accepts e.g. INTERVAL=0 or BYMONTH=13). */
function valueProblem(o: ReturnType<typeof compile>['options']): string | null {
  if (!whole(o.interval, 1, MAX_INTERVAL)) return `INTERVAL must be a whole number from 1 to ${MAX_INTERVAL}.`
  if (o.count !== null && !whole(o.count, 1, MAX_COUNT)) return `COUNT must be a whole number from 1 to ${MAX_COUNT}.`
  if (o.until !== null && Number.isNaN(o.until.getTime())) return 'UNTIL is not a valid date, e.g. UNTIL=20261231T235959Z.'
  if (!(o.bymonth ?? []).every((m) => whole(m, 1, 12))) return 'BYMONTH must list months from 1 to 12.'
  if (![...o.bymonthday, ...o.bynmonthday].every((d) => wholeNonZero(d, 31))) return 'BYMONTHDAY must list days from 1 to 31 or −1 to −31.'
  if (!(o.bysetpos ?? []).every((p) => wholeNonZero(p, 366))) return 'BYSETPOS must list positions from 1 to 366 or −1 to −366.'
  const maxNth = o.freq === RRule.MONTHLY || o.bymonth ? 5 : 53
  if (!(o.bynweekday ?? []).every(([, n]) => n !== undefined && wholeNonZero(n, maxNth))) {
    return `A numbered BYDAY (e.g. 2MO or -1FR) must be from 1 to ${maxNth} or −1 to −${maxNth}.`
  }
  return null
}

function compile(options: Partial<Options>, wallStart: number) {
  return new RRule({ ...options, dtstart: new Date(wallStart) })
}

/**
 * Parses and validates the rule; with wallStart (DTSTART in floating wall
 * time, which fills rrule's defaults) the result can be expanded. Never throws.
 */
export function parseRecurrenceRule(text: string, wallStart = Date.UTC(2026, 0, 1)): ParsedRule {
  const body = ruleBody(text)
  const shape = shapeProblem(body)
  if (shape) return { ok: false, problem: shape }
  let options: ReturnType<typeof compile>['options']
  try {
    const parsed = RRule.parseString(body)
    delete parsed.dtstart
    delete parsed.tzid
    options = compile(parsed, wallStart).options
  } catch (error) {
    return { ok: false, problem: `The recurrence rule is not valid: ${error instanceof Error ? error.message : String(error)}` }
  }
  const problem = valueProblem(options)
  const freq = RULE_FREQUENCIES.find((f) => RRule[f] === options.freq)
  if (problem || !freq) return { ok: false, problem: problem ?? 'The rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.' }
  return {
    ok: true,
    rule: {
      freq,
      interval: options.interval,
      count: options.count,
      until: options.until?.getTime() ?? null,
      wkst: options.wkst,
      byMonth: options.bymonth ?? [],
      byMonthDay: [...options.bymonthday, ...options.bynmonthday],
      byWeekday: options.byweekday ?? [],
      byNthWeekday: (options.bynweekday ?? []).map(([weekday = 0, n = 0]) => [weekday, n] as const),
      bySetPos: options.bysetpos ?? [],
    },
  }
}
