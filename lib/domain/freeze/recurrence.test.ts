import * as rruleModule from 'rrule'
import { describe, expect, it } from 'vitest'
import { utcToLocalInput } from '../time/zoned'
import { activeUntilOf, MAX_OCCURRENCES, occurrencesBetween, recurrenceRuleProblem, type FreezeDefinition } from './recurrence'

const RRule: typeof rruleModule.RRule =
  rruleModule.RRule ?? (rruleModule as unknown as { default: typeof rruleModule }).default.RRule
const DAY = 86_400_000

const d = (s: string) => new Date(s)
const freeze = (o: Partial<FreezeDefinition> = {}): FreezeDefinition => ({
  id: 'f1',
  name: 'Month end',
  severity: 'HARD',
  startsAt: d('2026-01-01T00:00:00Z'),
  endsAt: d('2026-01-02T00:00:00Z'),
  timeZone: 'UTC',
  rrule: null,
  allServices: true,
  serviceIds: [],
  ...o,
})
const range = (a: string, b: string) => ({ start: d(a), end: d(b) })
/** The occurrences of a rule that must expand completely. */
const occ = (f: FreezeDefinition, r: { start: Date; end: Date }) => {
  const result = occurrencesBetween(f, r)
  expect(result.complete).toBe(true)
  return result.intervals
}
const isoPairs = (xs: { start: Date; end: Date }[]) => xs.map((x) => [x.start.toISOString(), x.end.toISOString()])

describe('occurrencesBetween', () => {
  it('a one-off freeze is one interval, if it overlaps the range (half-open)', () => {
    expect(occ(freeze(), range('2025-12-31T00:00:00Z', '2026-01-01T00:00:01Z'))).toHaveLength(1)
    expect(occ(freeze(), range('2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z'))).toEqual([])
    expect(occ(freeze({ rrule: '  ' }), range('2026-01-01T12:00:00Z', '2026-01-01T13:00:00Z'))).toHaveLength(1)
  })

  it('expands "last weekday of the month" (RRULE without DTSTART)', () => {
    const f = freeze({
      startsAt: d('2026-01-30T00:00:00Z'), // Friday, the last weekday of January
      endsAt: d('2026-01-31T00:00:00Z'),
      rrule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    })
    expect(isoPairs(occ(f, range('2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z'))).map((p) => p[0])).toEqual([
      '2026-01-30T00:00:00.000Z',
      '2026-02-27T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
      '2026-04-30T00:00:00.000Z',
      '2026-05-29T00:00:00.000Z',
    ])
  })

  it('keeps 00:00–23:59 local in Europe/London across both DST changes', () => {
    const f = freeze({
      startsAt: d('2026-03-27T00:00:00Z'), // 00:00 GMT
      endsAt: d('2026-03-27T23:59:00Z'),
      timeZone: 'Europe/London',
      rrule: 'FREQ=DAILY',
    })
    for (const [from, to] of [
      ['2026-03-27T00:00:00Z', '2026-04-01T00:00:00Z'],
      ['2026-10-22T00:00:00Z', '2026-10-28T00:00:00Z'],
    ] as const) {
      const found = occ(f, range(from, to))
      expect(found.length).toBeGreaterThanOrEqual(5)
      for (const o of found) {
        expect(utcToLocalInput(o.start, 'Europe/London').slice(11)).toBe('00:00')
        expect(utcToLocalInput(o.end, 'Europe/London').slice(11)).toBe('23:59')
      }
    }
    const [mar29] = occ(f, range('2026-03-29T12:00:00Z', '2026-03-29T12:00:01Z'))
    // 29 March has 23 hours: 00:00 GMT → 23:59 BST = 22:59Z
    expect(isoPairs(mar29 ? [mar29] : [])).toEqual([['2026-03-29T00:00:00.000Z', '2026-03-29T22:59:00.000Z']])
    const [oct25] = occ(f, range('2026-10-25T12:00:00Z', '2026-10-25T12:00:01Z'))
    // 25 October has 25 hours: 00:00 BST (= 24 Oct 23:00Z) → 23:59 GMT
    expect(isoPairs(oct25 ? [oct25] : [])).toEqual([['2026-10-24T23:00:00.000Z', '2026-10-25T23:59:00.000Z']])
  })

  it('weekly Friday-evening freeze in New York keeps local 18:00–23:00 across 2026-11-01', () => {
    const f = freeze({
      startsAt: d('2026-10-23T22:00:00Z'), // Fri 18:00 EDT
      endsAt: d('2026-10-24T03:00:00Z'), // Fri 23:00 EDT
      timeZone: 'America/New_York',
      rrule: 'RRULE:FREQ=WEEKLY;BYDAY=FR',
    })
    expect(isoPairs(occ(f, range('2026-10-20T00:00:00Z', '2026-11-10T00:00:00Z')))).toEqual([
      ['2026-10-23T22:00:00.000Z', '2026-10-24T03:00:00.000Z'],
      ['2026-10-30T22:00:00.000Z', '2026-10-31T03:00:00.000Z'],
      ['2026-11-06T23:00:00.000Z', '2026-11-07T04:00:00.000Z'],
    ])
  })

  it('finds an occurrence that started before the range and reaches into it', () => {
    const f = freeze({ startsAt: d('2026-01-01T00:00:00Z'), endsAt: d('2026-01-08T00:00:00Z'), rrule: 'FREQ=MONTHLY' })
    expect(isoPairs(occ(f, range('2026-02-07T00:00:00Z', '2026-02-07T01:00:00Z')))).toEqual([
      ['2026-02-01T00:00:00.000Z', '2026-02-08T00:00:00.000Z'],
    ])
  })

  it('always includes startsAt as the first occurrence, never anything before it', () => {
    const f = freeze({ startsAt: d('2026-01-01T00:00:00Z'), endsAt: d('2026-01-01T01:00:00Z'), rrule: 'FREQ=WEEKLY;BYDAY=MO' }) // a Thursday
    const starts = occ(f, range('2025-12-01T00:00:00Z', '2026-01-13T00:00:00Z')).map((o) => o.start.toISOString())
    expect(starts).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-05T00:00:00.000Z', '2026-01-12T00:00:00.000Z'])
  })

  it('honours COUNT and UNTIL, and ignores DTSTART in the rule text', () => {
    const f = freeze({ rrule: 'DTSTART:20200101T000000Z\nRRULE:FREQ=DAILY;COUNT=3' })
    expect(occ(f, range('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'))).toHaveLength(3)
    const g = freeze({ rrule: 'FREQ=DAILY;UNTIL=20260105T000000Z' })
    expect(occ(g, range('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'))).toHaveLength(5)
  })
})

describe('activeUntilOf', () => {
  it('is endsAt for a one-off freeze', () => {
    expect(activeUntilOf(freeze())).toEqual(d('2026-01-02T00:00:00Z'))
  })
  it('is the end of the last occurrence for bounded rules', () => {
    expect(activeUntilOf(freeze({ rrule: 'FREQ=DAILY;COUNT=3' }))).toEqual(d('2026-01-04T00:00:00Z'))
    expect(activeUntilOf(freeze({ timeZone: 'Europe/London', startsAt: d('2026-03-27T00:00:00Z'), endsAt: d('2026-03-27T01:00:00Z'), rrule: 'FREQ=DAILY;COUNT=3' }))).toEqual(
      d('2026-03-29T01:00:00Z'), // 29 Mar 01:00 local does not exist → shifted forward to 02:00 BST = 01:00Z
    )
  })
  it('is null for unbounded rules', () => {
    expect(activeUntilOf(freeze({ rrule: 'FREQ=WEEKLY' }))).toBeNull()
    expect(activeUntilOf(freeze({ rrule: 'FREQ=MINUTELY;COUNT=100000' }))).toBeNull()
  })
})

describe('recurrenceRuleProblem', () => {
  it('accepts valid rules and explains invalid ones', () => {
    expect(recurrenceRuleProblem('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1')).toBeNull()
    expect(recurrenceRuleProblem('garbage')).toMatch(/not valid/)
    expect(recurrenceRuleProblem('FREQ=DAILY;BYDAY=XX')).toMatch(/not valid/)
    expect(recurrenceRuleProblem('BYDAY=MO')).toMatch(/FREQ/)
  })
})

describe('recurrenceRuleProblem: only rules that repeat at most once a day, within bounds', () => {
  it('refuses SECONDLY, MINUTELY and HOURLY with a sentence that says what is allowed', () => {
    for (const freq of ['SECONDLY', 'MINUTELY', 'HOURLY']) {
      expect(recurrenceRuleProblem(`FREQ=${freq}`)).toBe(
        `A freeze can repeat daily, weekly, monthly or yearly (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY); FREQ=${freq} is not supported.`,
      )
    }
  })
  it('refuses parts that multiply occurrences within a day, or that it does not expand', () => {
    for (const part of ['BYHOUR=1,2', 'BYMINUTE=0,30', 'BYSECOND=1', 'BYYEARDAY=1', 'BYWEEKNO=1', 'BYEASTER=0']) {
      expect(recurrenceRuleProblem(`FREQ=DAILY;${part}`)).toMatch(/is not supported in a freeze's rule.*Use only FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS and WKST/)
    }
  })
  it('bounds INTERVAL and COUNT and refuses out-of-range values', () => {
    expect(recurrenceRuleProblem('FREQ=DAILY;INTERVAL=0')).toMatch(/INTERVAL must be a whole number from 1 to 1000/)
    expect(recurrenceRuleProblem('FREQ=DAILY;INTERVAL=1001')).toMatch(/INTERVAL/)
    expect(recurrenceRuleProblem('FREQ=DAILY;INTERVAL=1000')).toBeNull()
    expect(recurrenceRuleProblem('FREQ=DAILY;COUNT=0')).toMatch(/COUNT must be a whole number from 1 to 5000/)
    expect(recurrenceRuleProblem('FREQ=DAILY;COUNT=5001')).toMatch(/COUNT/)
    expect(recurrenceRuleProblem('FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z')).toBe('Use COUNT or UNTIL, not both.')
    expect(recurrenceRuleProblem('FREQ=YEARLY;BYMONTH=13')).toMatch(/BYMONTH/)
    expect(recurrenceRuleProblem('FREQ=MONTHLY;BYMONTHDAY=32')).toMatch(/BYMONTHDAY/)
    expect(recurrenceRuleProblem('FREQ=MONTHLY;BYDAY=6MO')).toMatch(/numbered BYDAY/)
    expect(recurrenceRuleProblem('FREQ=DAILY;FREQ=WEEKLY')).toMatch(/appears twice/)
  })
})

/** rrule from DTSTART with no caps: the reference the bounded expansion must agree with (small cases only). */
function naiveStarts(f: FreezeDefinition, r: { start: Date; end: Date }): string[] {
  const rule = new RRule({ ...RRule.parseString(f.rrule ?? ''), dtstart: f.startsAt })
  const starts = rule.between(new Date(r.start.getTime() - 2 * DAY), r.end, true).map((x) => x.getTime())
  return [...new Set([f.startsAt.getTime(), ...starts])]
    .filter((ms) => ms + (f.endsAt.getTime() - f.startsAt.getTime()) > r.start.getTime() && ms < r.end.getTime())
    .sort((a, b) => a - b)
    .map((ms) => new Date(ms).toISOString())
}

describe('occurrencesBetween starts near the range, not at DTSTART', () => {
  const cases = [
    'FREQ=DAILY;INTERVAL=3',
    'FREQ=DAILY;INTERVAL=2;BYDAY=MO,TH',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR',
    'FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,SA',
    'FREQ=MONTHLY;INTERVAL=5;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    'FREQ=MONTHLY;BYMONTHDAY=-1,15',
    'FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYDAY=-1MO',
    'FREQ=YEARLY;BYDAY=20FR',
    'FREQ=DAILY;COUNT=40',
    'FREQ=DAILY;INTERVAL=9;COUNT=300',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SA;COUNT=100',
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1;COUNT=70',
    'FREQ=MONTHLY;BYMONTHDAY=31;COUNT=50',
    'FREQ=DAILY;UNTIL=20260305T000000Z',
  ]
  // Begun in 2020 (a Wednesday); windows in 2026, where COUNT may or may not have run out.
  const startsAt = d('2020-01-01T09:00:00Z')
  const windows = [range('2026-02-20T00:00:00Z', '2026-03-20T00:00:00Z'), range('2020-02-28T00:00:00Z', '2020-03-10T00:00:00Z'), range('2024-12-25T00:00:00Z', '2025-01-08T00:00:00Z')]
  it.each(cases)('%s agrees with the naive expansion from DTSTART', (rrule) => {
    const f = freeze({ startsAt, endsAt: d('2020-01-01T17:00:00Z'), rrule })
    for (const w of windows) expect(occ(f, w).map((o) => o.start.toISOString())).toEqual(naiveStarts(f, w))
  })

  it('keeps local wall time across DST when begun years before the range (Europe/London, America/New_York)', () => {
    const london = freeze({ startsAt: d('2019-01-04T00:00:00Z'), endsAt: d('2019-01-04T23:59:00Z'), timeZone: 'Europe/London', rrule: 'FREQ=DAILY;INTERVAL=3' })
    const spring = occ(london, range('2026-03-26T00:00:00Z', '2026-04-02T00:00:00Z'))
    expect(spring.length).toBeGreaterThanOrEqual(2)
    for (const o of spring) {
      expect(utcToLocalInput(o.start, 'Europe/London').slice(11)).toBe('00:00')
      expect(utcToLocalInput(o.end, 'Europe/London').slice(11)).toBe('23:59')
    }
    const ny = freeze({ startsAt: d('2018-10-26T22:00:00Z'), endsAt: d('2018-10-27T03:00:00Z'), timeZone: 'America/New_York', rrule: 'FREQ=WEEKLY;BYDAY=FR' })
    expect(isoPairs(occ(ny, range('2026-10-20T00:00:00Z', '2026-11-10T00:00:00Z')))).toEqual([
      ['2026-10-23T22:00:00.000Z', '2026-10-24T03:00:00.000Z'],
      ['2026-10-30T22:00:00.000Z', '2026-10-31T03:00:00.000Z'],
      ['2026-11-06T23:00:00.000Z', '2026-11-07T04:00:00.000Z'],
    ])
  })

  it('a rule that never matches ends at the range instead of walking to the year 9999', () => {
    const never = freeze({ rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' })
    expect(occurrencesBetween(never, range('2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z'))).toEqual({ complete: true, intervals: [] })
  })
})

describe('occurrencesBetween fails closed when it cannot finish', () => {
  const window = range('2026-06-10T00:00:00Z', '2026-06-11T00:00:00Z')
  it('a stored rule outside the accepted language (SECONDLY, or bad syntax) is incomplete, never a throw', () => {
    const secondly = freeze({ startsAt: d('2026-06-09T00:00:00Z'), endsAt: d('2026-06-09T00:00:01Z'), rrule: 'FREQ=SECONDLY' })
    expect(occurrencesBetween(secondly, window)).toMatchObject({ complete: false, problem: expect.stringContaining('FREQ=SECONDLY is not supported') })
    expect(occurrencesBetween(freeze({ rrule: 'FREQ=DAILY;BYDAY=XX' }), window)).toMatchObject({ complete: false })
    expect(activeUntilOf(secondly)).toBeNull()
  })
  it('the time budget, measured by an injected clock, stops the expansion as incomplete', () => {
    let now = 0
    const clock = () => (now += 10) // every look at the clock costs 10 ms
    const daily = freeze({ startsAt: d('2026-01-01T00:00:00Z'), endsAt: d('2026-01-01T01:00:00Z'), rrule: 'FREQ=DAILY' })
    const wide = range('2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z')
    expect(occurrencesBetween(daily, wide, { clock, timeBudgetMs: 100 })).toMatchObject({ complete: false, problem: expect.stringContaining('time budget') })
    expect(occurrencesBetween(daily, wide, { clock, timeBudgetMs: 1e9 }).complete).toBe(true)
    expect(activeUntilOf({ ...daily, rrule: 'FREQ=DAILY;COUNT=300' }, { clock, timeBudgetMs: 100 })).toBeNull()
  })
  it('more occurrences than the cap, or more days to look at than the cap, is incomplete', () => {
    // Each daily occurrence lasts 20 years, so over 7 000 of them overlap any window.
    const long = freeze({ startsAt: d('2010-01-01T00:00:00Z'), endsAt: d('2030-01-01T00:00:00Z'), rrule: 'FREQ=DAILY' })
    expect(occurrencesBetween(long, window)).toMatchObject({ complete: false, problem: expect.stringContaining(`more than ${MAX_OCCURRENCES}`) })
    // COUNT counts from DTSTART, so a never-matching counted rule begun in 1000 must look at a millennium of days.
    const ancient = freeze({ startsAt: d('1000-01-01T00:00:00Z'), endsAt: d('1000-01-01T01:00:00Z'), rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5' })
    expect(occurrencesBetween(ancient, window)).toMatchObject({ complete: false })
  })
})
