import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { intersection, isWellFormed, overlaps, windowOf, type Interval } from './overlap'

const iv = (s: number, e: number): Interval => ({ start: new Date(s), end: new Date(e) })
const arbInterval = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 50 })).map(([s, len]) => iv(s, s + len))

describe('overlaps (half-open)', () => {
  it.each([
    [iv(0, 10), iv(10, 20), false], // touching ends do not overlap
    [iv(0, 10), iv(9, 20), true],
    [iv(0, 10), iv(2, 3), true],
    [iv(5, 6), iv(0, 10), true],
    [iv(0, 10), iv(20, 30), false],
    [iv(0, 0), iv(0, 10), false], // empty interval
    [iv(10, 0), iv(0, 10), false], // malformed
  ])('%#', (a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected)
    expect(overlaps(b, a)).toBe(expected)
  })
  it('property: symmetric, and equals "some instant lies in both"', () => {
    fc.assert(
      fc.property(arbInterval, arbInterval, (a, b) => {
        expect(overlaps(a, b)).toBe(overlaps(b, a))
        let shared = false
        for (let t = a.start.getTime(); t < a.end.getTime(); t++) if (t >= b.start.getTime() && t < b.end.getTime()) shared = true
        expect(overlaps(a, b)).toBe(shared)
      }),
    )
  })
  it('property: the intersection lies within both and is non-empty iff they overlap', () => {
    fc.assert(
      fc.property(arbInterval, arbInterval, (a, b) => {
        const x = intersection(a, b)
        expect(x !== null).toBe(overlaps(a, b))
        if (x) {
          expect(isWellFormed(x)).toBe(true)
          expect(x.start >= a.start && x.start >= b.start && x.end <= a.end && x.end <= b.end).toBe(true)
        }
      }),
    )
  })
  it('windowOf', () => {
    expect(windowOf({ windowStart: null, windowEnd: new Date(1) })).toBeNull()
    expect(windowOf({ windowStart: new Date(2), windowEnd: new Date(1) })).toBeNull()
    expect(windowOf({ windowStart: new Date(1), windowEnd: new Date(2) })).toEqual(iv(1, 2))
    expect(isWellFormed({ start: new Date(NaN), end: new Date(1) })).toBe(false)
  })
})
