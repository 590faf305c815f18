import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { percentile, spread } from './percentile'

describe('percentile (nearest rank, = PostgreSQL percentile_disc)', () => {
  it('is null for no values', () => {
    expect(percentile([], 0.5)).toBeNull()
    expect(spread([])).toEqual({ count: 0, p50: null, p90: null })
  })
  it('is the value itself for a single value, at every p', () => {
    expect(spread([42])).toEqual({ count: 1, p50: 42, p90: 42 })
    expect(percentile([42], 0)).toBe(42)
    expect(percentile([42], 1)).toBe(42)
  })
  it('picks the lower middle of an even set and never interpolates', () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2)
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3)
  })
  it('p90 of 1..10 is 9, of 1..11 is 10 (⌈0.9·11⌉ = 10)', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10)
  })
  it('refuses p outside [0, 1]', () => {
    expect(() => percentile([1], 1.5)).toThrow(RangeError)
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError)
  })
  it('is an observed value with at least p·n values at or below it and fewer than p·n strictly below (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        const v = percentile(values, p)
        expect(v).not.toBeNull()
        if (v === null) return
        expect(values).toContain(v)
        const atOrBelow = values.filter((x) => x <= v).length
        const below = values.filter((x) => x < v).length
        expect(atOrBelow).toBeGreaterThanOrEqual(Math.max(1, Math.ceil(p * values.length)))
        expect(below).toBeLessThan(Math.max(1, Math.ceil(p * values.length)))
      }),
    )
  })
  it('p50 ≤ p90 and both within [min, max] (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 50 }), (values) => {
        const { p50, p90 } = spread(values)
        expect(p50 !== null && p90 !== null && p50 <= p90).toBe(true)
        expect(p50).toBeGreaterThanOrEqual(Math.min(...values))
        expect(p90).toBeLessThanOrEqual(Math.max(...values))
      }),
    )
  })
})
