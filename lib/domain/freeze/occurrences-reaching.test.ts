import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { overlaps, type Interval } from './overlap'
import { occurrencesReaching } from './occurrences-reaching'

const HOUR = 3_600_000
const BASE = Date.UTC(2026, 0, 1)
const interval = fc
  .tuple(fc.integer({ min: 0, max: 24 * 60 }), fc.integer({ min: 1, max: 24 * 14 }))
  .map(([startHour, hours]): Interval => ({ start: new Date(BASE + startHour * HOUR), end: new Date(BASE + (startHour + hours) * HOUR) }))

describe('occurrencesReaching', () => {
  it('finds exactly the occurrences that overlap a window, in their original order', () => {
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 60 }), fc.array(interval, { minLength: 1, maxLength: 10 }), (occurrences, windows) => {
        const reaching = occurrencesReaching(occurrences)
        for (const window of windows) {
          expect(reaching(window).filter((o) => overlaps(o, window))).toEqual(occurrences.filter((o) => overlaps(o, window)))
        }
      }),
    )
  })

  it('still finds a long occurrence that started well before the window (a fail-closed whole-range one)', () => {
    const whole = { start: new Date(BASE), end: new Date(BASE + 365 * 24 * HOUR) }
    const short = { start: new Date(BASE + 200 * 24 * HOUR), end: new Date(BASE + 201 * 24 * HOUR) }
    const window = { start: new Date(BASE + 300 * 24 * HOUR), end: new Date(BASE + 300 * 24 * HOUR + HOUR) }
    expect(occurrencesReaching([short, whole])(window).filter((o) => overlaps(o, window))).toEqual([whole])
  })

  it('ignores malformed occurrences instead of letting them disorder the search', () => {
    const bad = { start: new Date(Number.NaN), end: new Date(BASE) }
    const good = { start: new Date(BASE), end: new Date(BASE + HOUR) }
    expect(occurrencesReaching([bad, good])({ start: new Date(BASE), end: new Date(BASE + 2 * HOUR) })).toEqual([good])
  })
})
