// Expands an ExpandableRule period by period (a day, a week, a month or a
// year), the way rrule does, but starting from the aligned period that can
// first reach the range instead of from DTSTART, stopping at the end of the
// range, and within explicit bounds. rrule itself cannot be bounded: it walks
// every period from DTSTART, and a rule that matches nothing (BYMONTH=2;
// BYMONTHDAY=30) walks to the year 9999 without ever calling back — 8 s for
// FREQ=DAILY. The property test in recurrence.property.test.ts compares this
// with rrule's own expansion.
//
// Times are floating-UTC wall-clock milliseconds (see recurrence.ts).
import type { ExpandableRule } from './recurrence-rule'

const DAY = 86_400_000
const MAX_YEAR = 9999

export type ExpansionBounds = {
  /** At most this many occurrence starts in [from, to]. */
  maxOccurrences: number
  /** At most this many days looked at (a YEARLY period looks at its 365/366). */
  maxDays: number
  /** Checked once per period; true stops the expansion as incomplete. */
  outOfTime: () => boolean
}

export type StartsResult = { starts: number[]; complete: true } | { starts: number[]; complete: false; stoppedBy: 'occurrences' | 'days' | 'time' }

type Day = { n: number; year: number; month: number; date: number; weekday: number; monthDays: number }

function dayOf(n: number): Day {
  const d = new Date(n * DAY)
  const year = d.getUTCFullYear()
  const month = d.getUTCMonth() + 1
  return { n, year, month, date: d.getUTCDate(), weekday: (d.getUTCDay() + 6) % 7, monthDays: new Date(Date.UTC(year, month, 0)).getUTCDate() }
}

const dayNumber = (year: number, month: number, date: number) => Math.floor(Date.UTC(year, month - 1, date) / DAY)
const weekStart = (n: number, wkst: number) => n - ((dayOf(n).weekday - wkst + 7) % 7)

/** Index of the period containing day n, in units of the rule's frequency. */
function periodIndex(rule: ExpandableRule, n: number): number {
  const d = dayOf(n)
  switch (rule.freq) {
    case 'DAILY':
      return n
    case 'WEEKLY':
      return Math.floor(weekStart(n, rule.wkst) / 7)
    case 'MONTHLY':
      return d.year * 12 + d.month - 1
    case 'YEARLY':
      return d.year
  }
}

/** First and last day (inclusive) of the period with this index. */
function periodDays(rule: ExpandableRule, index: number): [number, number] {
  switch (rule.freq) {
    case 'DAILY':
      return [index, index]
    case 'WEEKLY': {
      const first = weekStart(index * 7 + 6, rule.wkst)
      return [first, first + 6]
    }
    case 'MONTHLY': {
      const year = Math.floor(index / 12)
      const month = index - year * 12 + 1
      return [dayNumber(year, month, 1), dayNumber(year, month + 1, 0)]
    }
    case 'YEARLY':
      return [dayNumber(index, 1, 1), dayNumber(index, 12, 31)]
  }
}

/** rrule's numbered BYDAY: nth weekday of the month (MONTHLY, or YEARLY with BYMONTH) or of the year. */
function nthWeekdayMatches(rule: ExpandableRule, d: Day): boolean {
  const inMonth = rule.freq === 'MONTHLY' || rule.byMonth.length > 0
  const first = inMonth ? dayNumber(d.year, d.month, 1) : dayNumber(d.year, 1, 1)
  const last = inMonth ? first + d.monthDays - 1 : dayNumber(d.year, 12, 31)
  const fromStart = Math.floor((d.n - first) / 7) + 1
  const fromEnd = -(Math.floor((last - d.n) / 7) + 1)
  return rule.byNthWeekday.some(([weekday, n]) => weekday === d.weekday && (n === fromStart || n === fromEnd))
}

/** rrule's filters: every BY* part given limits the days of the period. */
function dayMatches(rule: ExpandableRule, d: Day): boolean {
  if (rule.byMonth.length > 0 && !rule.byMonth.includes(d.month)) return false
  if (rule.byWeekday.length > 0 && !rule.byWeekday.includes(d.weekday)) return false
  const nthApplies = rule.byNthWeekday.length > 0 && (rule.freq === 'MONTHLY' || rule.freq === 'YEARLY')
  if (nthApplies && !nthWeekdayMatches(rule, d)) return false
  if (rule.byMonthDay.length > 0 && !rule.byMonthDay.includes(d.date) && !rule.byMonthDay.includes(d.date - d.monthDays - 1)) return false
  return true
}

/**
 * BYSETPOS picks positions in the period's matching days. Like rrule, a
 * negative position beyond the set picks its first day (rrule uses
 * `slice(pos)[0]`); a positive one beyond it picks nothing.
 */
function selectPositions(rule: ExpandableRule, days: number[]): number[] {
  if (rule.bySetPos.length === 0) return days
  const picked = new Set<number>()
  for (const pos of rule.bySetPos) {
    const day = days[pos > 0 ? pos - 1 : Math.max(0, days.length + pos)]
    if (day !== undefined) picked.add(day)
  }
  return [...picked].sort((a, b) => a - b)
}

/**
 * Occurrence starts of the rule (DTSTART = wallStart) in [from, to]. Without
 * COUNT the walk starts at the last period aligned with DTSTART's (a multiple
 * of INTERVAL periods later) that does not begin after `from`; periods depend
 * only on the calendar and the rule, so nothing before it can be in range.
 * With COUNT it starts at DTSTART, because COUNT counts from there (COUNT is
 * at most MAX_COUNT, and the walk still stops at `to` and within the bounds).
 */
export function expandStarts(rule: ExpandableRule, wallStart: number, from: number, to: number, bounds: ExpansionBounds): StartsResult {
  const timeOfDay = wallStart - Math.floor(wallStart / DAY) * DAY
  const startDay = Math.floor(wallStart / DAY)
  const startIndex = periodIndex(rule, startDay)
  const skip = rule.count === null ? Math.max(0, Math.floor((periodIndex(rule, Math.floor(from / DAY)) - startIndex) / rule.interval)) : 0
  const starts: number[] = []
  let emitted = 0
  let daysSeen = 0
  for (let index = startIndex + skip * rule.interval; ; index += rule.interval) {
    const [periodFirst, last] = periodDays(rule, index)
    // rrule's first WEEKLY period begins at DTSTART (a partial week, which
    // matters to BYSETPOS); its other periods are whole, filtered to >= DTSTART.
    const first = index === startIndex && rule.freq === 'WEEKLY' ? startDay : periodFirst
    if (first * DAY + timeOfDay > to || dayOf(first).year > MAX_YEAR) return { starts, complete: true }
    daysSeen += last - first + 1
    if (daysSeen > bounds.maxDays) return { starts, complete: false, stoppedBy: 'days' }
    if (bounds.outOfTime()) return { starts, complete: false, stoppedBy: 'time' }
    const matching: number[] = []
    for (let n = first; n <= last; n++) if (dayMatches(rule, dayOf(n))) matching.push(n)
    for (const n of selectPositions(rule, matching)) {
      const at = n * DAY + timeOfDay
      if (rule.until !== null && at > rule.until) return { starts, complete: true }
      if (at < wallStart) continue
      emitted += 1
      if (at >= from && at <= to) {
        if (starts.length === bounds.maxOccurrences) return { starts, complete: false, stoppedBy: 'occurrences' }
        starts.push(at)
      }
      if (rule.count !== null && emitted >= rule.count) return { starts, complete: true }
    }
  }
}
