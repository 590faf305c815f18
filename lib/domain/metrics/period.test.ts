import { describe, expect, it } from 'vitest'
import { customPeriod, isPeriodProblem, presetPeriod } from './period'

describe('metrics period', () => {
  it('a custom range runs from the first date 00:00 to the day after the last, in the zone', () => {
    const p = customPeriod('2026-03-01', '2026-03-31', 'Europe/London')
    if (isPeriodProblem(p)) throw new Error(p.message)
    expect(p.from.toISOString()).toBe('2026-03-01T00:00:00.000Z')
    expect(p.to.toISOString()).toBe('2026-03-31T23:00:00.000Z') // 1 April 00:00 BST
    expect(p.days).toBe(31)
  })
  it('one day is a period', () => {
    const p = customPeriod('2026-06-10', '2026-06-10', 'UTC')
    expect(isPeriodProblem(p) ? null : p.days).toBe(1)
  })
  it('refuses an end before the start, bad dates and more than 366 days', () => {
    expect(customPeriod('2026-03-02', '2026-03-01', 'UTC')).toMatchObject({ field: 'to' })
    expect(customPeriod('2026-02-30', '2026-03-01', 'UTC')).toMatchObject({ field: 'from' })
    expect(isPeriodProblem(customPeriod('2025-01-01', '2026-01-01', 'UTC'))).toBe(false) // 366 days: allowed
    expect(isPeriodProblem(customPeriod('2025-01-01', '2026-01-02', 'UTC'))).toBe(true)
  })
  it('a preset ends now', () => {
    const now = new Date('2026-06-10T12:00:00Z')
    expect(presetPeriod(30, now)).toMatchObject({ from: new Date('2026-05-11T12:00:00Z'), to: now, days: 30 })
  })
})
