import { describe, expect, it } from 'vitest'
import { describeRate, formatRate, rate, successRate } from './rate'

describe('rates keep their denominators', () => {
  it('3 completed, 1 failed, 1 rolled back → 60 % (3 of 5)', () => {
    const r = successRate({ completed: 3, failed: 1, rolledBack: 1 })
    expect(r).toEqual({ numerator: 3, denominator: 5, value: 0.6 })
    expect(describeRate(r)).toBe('60 % (3 of 5)')
  })
  it('a rate of nothing is no data, not 0 % or 100 %', () => {
    expect(successRate({ completed: 0, failed: 0, rolledBack: 0 }).value).toBeNull()
    expect(formatRate(rate(0, 0))).toBe('no data')
  })
  it('one change: 100 % or 0 %', () => {
    expect(formatRate(successRate({ completed: 1, failed: 0, rolledBack: 0 }))).toBe('100 %')
    expect(formatRate(successRate({ completed: 0, failed: 0, rolledBack: 1 }))).toBe('0 %')
  })
  it('refuses impossible counts', () => {
    expect(() => rate(3, 2)).toThrow(RangeError)
    expect(() => rate(-1, 2)).toThrow(RangeError)
    expect(() => rate(0.5, 2)).toThrow(RangeError)
  })
})
