import { describe, expect, it } from 'vitest'
import { formatInterval } from './format-interval'

describe('formatInterval', () => {
  it('is exact ISO UTC without a zone', () => {
    expect(formatInterval({ start: new Date('2026-03-29T00:30:00Z'), end: new Date('2026-03-29T03:00:00Z') })).toBe('2026-03-29T00:30:00.000Z – 2026-03-29T03:00:00.000Z')
  })
  it('names the zone once when both ends share an offset', () => {
    expect(formatInterval({ start: new Date('2026-06-10T10:00:00Z'), end: new Date('2026-06-10T12:00:00Z') }, 'Europe/London')).toBe(
      '2026-06-10 11:00 – 2026-06-10 13:00 (Europe/London, GMT+1)',
    )
  })
  it('names both offsets when the clocks change inside the interval', () => {
    const acrossSpringForward = { start: new Date('2026-03-29T00:30:00Z'), end: new Date('2026-03-29T03:00:00Z') }
    expect(formatInterval(acrossSpringForward, 'Europe/London')).toBe('2026-03-29 00:30 (Europe/London, GMT) – 2026-03-29 04:00 (Europe/London, GMT+1)')
  })
  it('names both offsets across the autumn change in New York', () => {
    const acrossFallBack = { start: new Date('2026-11-01T05:30:00Z'), end: new Date('2026-11-01T06:30:00Z') }
    expect(formatInterval(acrossFallBack, 'America/New_York')).toBe('2026-11-01 01:30 (America/New_York, GMT-4) – 2026-11-01 01:30 (America/New_York, GMT-5)')
  })
  it('writes UTC as the zone it is', () => {
    expect(formatInterval({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-02T00:00:00Z') }, 'UTC')).toBe('2026-01-01 00:00 – 2026-01-02 00:00 (UTC, GMT)')
  })
})
