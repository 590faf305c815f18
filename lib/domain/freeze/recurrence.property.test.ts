// Property: for any RRULE the admin form accepts and any window, the bounded
// expansion either finds every occurrence that rrule's own (naive, from
// DTSTART) expansion finds overlapping the window, or says it is incomplete —
// and then the freeze check blocks the window. It never silently passes.
//
// The cases live in the years 9975–9999 on purpose: rrule walks every period
// until a produced date passes the range or the year 9999 ends, so a rule
// that never matches (BYMONTH=2;BYMONTHDAY=30) would take seconds per case
// in 2026. The Gregorian calendar repeats every 400 years (146 097 days, a
// whole number of weeks), so these years have the same calendars as 2375–2399
// and 1975–1999.
import fc from 'fast-check'
import * as rruleModule from 'rrule'
import { describe, expect, it } from 'vitest'
import { instantToWallTime, wallTimeToInstant } from '../time/zoned'
import { evaluateFreezeConflicts, findFreezeConflicts } from './check'
import { overlaps, type Interval } from './overlap'
import { occurrencesBetween, recurrenceRuleProblem, type FreezeDefinition } from './recurrence'

const RRule: typeof rruleModule.RRule =
  rruleModule.RRule ?? (rruleModule as unknown as { default: typeof rruleModule }).default.RRule

const DAY = 86_400_000
const MINUTE = 60_000
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const
const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe'] as const

const list = <T>(arb: fc.Arbitrary<T>, max: number) => fc.uniqueArray(arb, { minLength: 1, maxLength: max })
const part = <T>(name: string, arb: fc.Arbitrary<T>, show: (v: T) => string = String) =>
  fc.option(arb.map((v) => `${name}=${show(v)}`), { nil: undefined, freq: 2 })
const nonZero = (max: number) => fc.integer({ min: -max, max }).filter((n) => n !== 0)

const untilText = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')

const ruleArb = (windowWall: number) =>
  fc
    .record({
      freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'),
      interval: part('INTERVAL', fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 1000 }))),
      end: fc.option(
        fc.oneof(
          fc.integer({ min: 1, max: 60 }).map((n) => `COUNT=${n}`),
          fc.integer({ min: -400, max: 400 }).map((days) => `UNTIL=${untilText(windowWall + days * DAY)}`),
        ),
        { nil: undefined },
      ),
      byDay: part(
        'BYDAY',
        list(fc.tuple(fc.option(nonZero(5), { nil: undefined, freq: 3 }), fc.constantFrom(...WEEKDAYS)), 4),
        (days) => days.map(([n, d]) => `${n ?? ''}${d}`).join(','),
      ),
      byMonthDay: part('BYMONTHDAY', list(nonZero(31), 3), (v) => v.join(',')),
      byMonth: part('BYMONTH', list(fc.integer({ min: 1, max: 12 }), 3), (v) => v.join(',')),
      bySetPos: part('BYSETPOS', list(fc.oneof(nonZero(6), nonZero(366)), 2), (v) => v.join(',')),
      wkst: part('WKST', fc.constantFrom(...WEEKDAYS)),
    })
    .map(({ freq, ...rest }) => [`FREQ=${freq}`, ...Object.values(rest).filter((p) => p !== undefined)].join(';'))

const caseArb = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    startWall: fc.integer({ min: Date.UTC(9975, 0, 1), max: Date.UTC(9990, 0, 1) }).map((ms) => Math.floor(ms / MINUTE) * MINUTE),
    durationMinutes: fc.oneof(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 4 * 1440 })),
    windowOffsetDays: fc.integer({ min: -30, max: 3000 }),
    windowMinutes: fc.integer({ min: 1, max: 60 * 1440 }),
  })
  .chain((c) => {
    const windowWall = c.startWall + c.windowOffsetDays * DAY
    return ruleArb(windowWall).map((rule) => ({ ...c, windowWall, rule }))
  })

/** rrule from DTSTART with no caps, plus DTSTART itself, each local occurrence made an instant as the app does. */
function naiveOverlapping(freeze: FreezeDefinition, window: Interval): Interval[] {
  const wallStart = instantToWallTime(freeze.startsAt, freeze.timeZone)
  const duration = instantToWallTime(freeze.endsAt, freeze.timeZone) - wallStart
  const rule = new RRule({ ...RRule.parseString(freeze.rrule ?? ''), dtstart: new Date(wallStart) })
  const from = instantToWallTime(window.start, freeze.timeZone) - duration - DAY
  const to = instantToWallTime(window.end, freeze.timeZone) + DAY
  const starts = new Set(rule.between(new Date(from), new Date(to), true).map((d) => d.getTime()))
  if (wallStart >= from && wallStart <= to) starts.add(wallStart)
  const instant = (wall: number) => wallTimeToInstant(wall, freeze.timeZone, 'compatible') ?? new Date(wall)
  return [...starts]
    .sort((a, b) => a - b)
    .map((s) => ({ start: instant(s), end: instant(s + duration) }))
    .filter((i) => overlaps(i, window))
}

describe('recurring freezes never silently pass (property)', () => {
  it('finds every occurrence the naive expansion finds, or reports incomplete and blocks', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        fc.pre(recurrenceRuleProblem(c.rule) === null)
        const startsAt = wallTimeToInstant(c.startWall, c.timeZone, 'compatible') as Date
        const freeze: FreezeDefinition = {
          id: 'f',
          name: 'Property freeze',
          severity: 'HARD',
          startsAt,
          endsAt: new Date(startsAt.getTime() + c.durationMinutes * MINUTE),
          timeZone: c.timeZone,
          rrule: c.rule,
          allServices: true,
          serviceIds: [],
        }
        const windowStart = wallTimeToInstant(c.windowWall, c.timeZone, 'compatible') as Date
        const window = { start: windowStart, end: new Date(windowStart.getTime() + c.windowMinutes * MINUTE) }
        const expected = naiveOverlapping(freeze, window)
        const result = occurrencesBetween(freeze, window)
        const conflicts = findFreezeConflicts({ window, serviceIds: ['s'], freezes: [freeze] })
        const blocked = evaluateFreezeConflicts(conflicts, [], { type: 'NORMAL', fingerprint: 'fp' }).blocking.length > 0
        if (result.complete) {
          expect(result.intervals).toEqual(expect.arrayContaining(expected))
          // Exactly rrule's occurrences, except that rrule counts a day that two
          // BYSETPOS positions pick twice towards COUNT (it compares Date objects
          // by reference); we count it once, as RFC 5545 does, and find more.
          if (!/BYSETPOS/.test(c.rule)) expect(result.intervals).toEqual(expected)
        }
        if (expected.length > 0 || !result.complete) expect(blocked).toBe(true)
      }),
      { numRuns: 400 },
    )
  }, 60_000)
})
