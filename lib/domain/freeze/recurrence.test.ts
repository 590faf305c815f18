import { describe, expect, it } from 'vitest'
import { utcToLocalInput } from '../time/zoned'
import { activeUntilOf, occurrencesBetween, recurrenceRuleProblem, type FreezeDefinition } from './recurrence'

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
    expect(recurrenceRuleProblem('BYDAY=MO')).toMatch(/FREQ/)
  })
})
