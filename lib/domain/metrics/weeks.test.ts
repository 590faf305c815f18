import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bucketByWeek, nextWeekStart, weekStartOf, weeksOf } from './weeks'

const HOUR = 3_600_000
describe('weekly buckets in a time zone', () => {
  it('a week starts on Monday 00:00 local time', () => {
    // Wednesday 2026-06-10 12:00 UTC; in London (BST) the week began Monday 2026-06-08 00:00 BST = 2026-06-07T23:00Z.
    expect(weekStartOf(new Date('2026-06-10T12:00:00Z'), 'Europe/London').toISOString()).toBe('2026-06-07T23:00:00.000Z')
    expect(weekStartOf(new Date('2026-06-10T12:00:00Z'), 'UTC').toISOString()).toBe('2026-06-08T00:00:00.000Z')
  })
  it('at the day boundary the zone decides the week: Sunday 23:30 UTC is already Monday in Berlin', () => {
    const sundayLate = new Date('2026-06-14T23:30:00Z')
    expect(weekStartOf(sundayLate, 'UTC').toISOString()).toBe('2026-06-08T00:00:00.000Z')
    expect(weekStartOf(sundayLate, 'Europe/Berlin').toISOString()).toBe('2026-06-14T22:00:00.000Z')
  })
  it('the week across the spring DST change is 167 hours long, the autumn one 169 (Europe/London)', () => {
    const spring = weekStartOf(new Date('2026-03-25T12:00:00Z'), 'Europe/London') // week of Sunday 29 March
    expect(spring.toISOString()).toBe('2026-03-23T00:00:00.000Z')
    expect((nextWeekStart(spring, 'Europe/London').getTime() - spring.getTime()) / HOUR).toBe(167)
    const autumn = weekStartOf(new Date('2026-10-22T12:00:00Z'), 'Europe/London') // week of Sunday 25 October
    expect(autumn.toISOString()).toBe('2026-10-18T23:00:00.000Z')
    expect((nextWeekStart(autumn, 'Europe/London').getTime() - autumn.getTime()) / HOUR).toBe(169)
  })
  it('an instant in the repeated hour of the autumn change lands in its own week (America/New_York)', () => {
    // 2026-11-01 01:30 EDT and 01:30 EST are both Sunday: the week of Monday 2026-10-26.
    expect(weekStartOf(new Date('2026-11-01T05:30:00Z'), 'America/New_York').toISOString()).toBe('2026-10-26T04:00:00.000Z')
    expect(weekStartOf(new Date('2026-11-01T06:30:00Z'), 'America/New_York').toISOString()).toBe('2026-10-26T04:00:00.000Z')
  })
  it('zero-fills the weeks of the period and ignores instants outside it', () => {
    const from = new Date('2026-03-16T00:00:00Z')
    const to = new Date('2026-04-05T23:00:00Z') // Monday 6 April 00:00 BST
    const buckets = bucketByWeek([new Date('2026-03-17T10:00:00Z'), new Date('2026-03-30T10:00:00Z'), new Date('2026-03-31T10:00:00Z'), new Date('2026-04-07T00:00:00Z')], from, to, 'Europe/London')
    expect(buckets.map((b) => [b.weekStart.toISOString(), b.count])).toEqual([
      ['2026-03-16T00:00:00.000Z', 1],
      ['2026-03-23T00:00:00.000Z', 0],
      ['2026-03-29T23:00:00.000Z', 2],
    ])
  })
  it('every instant lies in [its week start, the next week start) and the start is a local Monday (property)', () => {
    const zones = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Auckland']
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const instant = new Date(ms)
        const start = weekStartOf(instant, zone)
        expect(start.getTime()).toBeLessThanOrEqual(ms)
        expect(nextWeekStart(start, zone).getTime()).toBeGreaterThan(ms)
        const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(start)
        expect(weekday).toBe('Mon 00:00')
      }),
    )
  })
  it('weeksOf covers the period without gaps', () => {
    const weeks = weeksOf(new Date('2026-01-01T00:00:00Z'), new Date('2026-12-31T00:00:00Z'), 'Europe/London')
    expect(weeks.length).toBe(53)
    for (let i = 1; i < weeks.length; i++) expect(weeks[i]?.getTime()).toBe(nextWeekStart(weeks[i - 1] as Date, 'Europe/London').getTime())
  })
})
