import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatInZone, formatOffset, instantsForWallTime, isValidTimeZone, localInputToUtc, parseLocalInput, utcToLocalInput, wallTimeToInstant } from './zoned'

const iso = (d: Date | null) => d?.toISOString() ?? null

describe('localInputToUtc / utcToLocalInput', () => {
  it.each([
    // Europe/London spring forward 2026-03-29 01:00 GMT → 02:00 BST
    ['2026-03-29T00:30', 'Europe/London', '2026-03-29T00:30:00.000Z'],
    ['2026-03-29T01:00', 'Europe/London', null], // nonexistent
    ['2026-03-29T01:59', 'Europe/London', null], // nonexistent
    ['2026-03-29T02:00', 'Europe/London', '2026-03-29T01:00:00.000Z'],
    // Europe/London fall back 2026-10-25 02:00 BST → 01:00 GMT: 01:xx is ambiguous → earlier (BST)
    ['2026-10-25T00:59', 'Europe/London', '2026-10-24T23:59:00.000Z'],
    ['2026-10-25T01:30', 'Europe/London', '2026-10-25T00:30:00.000Z'],
    ['2026-10-25T02:00', 'Europe/London', '2026-10-25T02:00:00.000Z'],
    // America/New_York spring forward 2026-03-08 02:00 EST → 03:00 EDT
    ['2026-03-08T01:59', 'America/New_York', '2026-03-08T06:59:00.000Z'],
    ['2026-03-08T02:30', 'America/New_York', null],
    ['2026-03-08T03:00', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    // America/New_York fall back 2026-11-01 02:00 EDT → 01:00 EST: 01:30 ambiguous → earlier (EDT)
    ['2026-11-01T01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['2026-11-01T02:00', 'America/New_York', '2026-11-01T07:00:00.000Z'],
    ['2026-07-01T12:00', 'UTC', '2026-07-01T12:00:00.000Z'],
    ['2026-07-01T12:00', 'Asia/Kolkata', '2026-07-01T06:30:00.000Z'],
  ])('%s in %s → %s', (value, zone, expected) => {
    expect(iso(localInputToUtc(value, zone))).toBe(expected)
  })

  it('rejects malformed input, impossible dates and unknown zones', () => {
    for (const bad of ['', '2026-13-01T00:00', '2026-02-30T10:00', '2026-01-01 10:00', '2026-01-01T24:00', 'yesterday']) {
      expect(localInputToUtc(bad, 'UTC'), bad).toBeNull()
    }
    expect(localInputToUtc('2026-01-01T10:00', 'Mars/Olympus')).toBeNull()
    expect(parseLocalInput('2026-01-01T10:00:30')).toBe(Date.UTC(2026, 0, 1, 10, 0, 30))
    expect(isValidTimeZone('')).toBe(false)
  })

  it('formats instants for datetime-local inputs, both sides of DST', () => {
    expect(utcToLocalInput(new Date('2026-03-29T00:59:00Z'), 'Europe/London')).toBe('2026-03-29T00:59')
    expect(utcToLocalInput(new Date('2026-03-29T01:00:00Z'), 'Europe/London')).toBe('2026-03-29T02:00')
    expect(utcToLocalInput(new Date('2026-10-25T00:30:00Z'), 'Europe/London')).toBe('2026-10-25T01:30')
    expect(utcToLocalInput(new Date('2026-10-25T01:30:00Z'), 'Europe/London')).toBe('2026-10-25T01:30')
    expect(utcToLocalInput(new Date('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30')
  })

  it('property: round-trips every instant (to the minute) except the later half of an overlap', () => {
    const zones = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC']
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1) / 60000, max: Date.UTC(2028, 0, 1) / 60000 }), fc.constantFrom(...zones), (minute, zone) => {
        const instant = new Date(minute * 60000)
        const back = localInputToUtc(utcToLocalInput(instant, zone), zone)
        expect(back).not.toBeNull()
        const candidates = instantsForWallTime(Date.parse(utcToLocalInput(instant, zone) + ':00Z'), zone)
        expect(candidates).toContain(instant.getTime())
        expect(back?.getTime()).toBe(candidates[0])
      }),
    )
  })
})

describe('wallTimeToInstant compatible mode', () => {
  it('shifts a gap time forward by the gap', () => {
    expect(iso(wallTimeToInstant(Date.UTC(2026, 2, 29, 1, 30), 'Europe/London', 'compatible'))).toBe('2026-03-29T01:30:00.000Z')
    expect(iso(wallTimeToInstant(Date.UTC(2026, 2, 8, 2, 30), 'America/New_York', 'compatible'))).toBe('2026-03-08T07:30:00.000Z')
  })
})

describe('formatInZone', () => {
  it('shows the zone and offset, distinguishing both halves of an overlap', () => {
    expect(formatInZone(new Date('2026-03-29T01:30:00Z'), 'Europe/London')).toBe('2026-03-29 02:30 (Europe/London, GMT+1)')
    expect(formatInZone(new Date('2026-03-29T00:30:00Z'), 'Europe/London')).toBe('2026-03-29 00:30 (Europe/London, GMT)')
    expect(formatInZone(new Date('2026-10-25T00:30:00Z'), 'Europe/London')).toBe('2026-10-25 01:30 (Europe/London, GMT+1)')
    expect(formatInZone(new Date('2026-10-25T01:30:00Z'), 'Europe/London')).toBe('2026-10-25 01:30 (Europe/London, GMT)')
    expect(formatInZone(new Date('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('2026-11-01 01:30 (America/New_York, GMT-4)')
    expect(formatInZone(new Date('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01 01:30 (America/New_York, GMT-5)')
    expect(formatInZone(new Date('2026-07-01T00:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-01 05:30 (Asia/Kolkata, GMT+5:30)')
  })
  it('formatOffset', () => {
    expect([formatOffset(0), formatOffset(60), formatOffset(-240), formatOffset(-570), formatOffset(345)]).toEqual(['GMT', 'GMT+1', 'GMT-4', 'GMT-9:30', 'GMT+5:45'])
  })
  it('does not depend on the process TZ', () => {
    // Everything is computed from UTC fields and tzOffset; this guards against accidental local-time getters.
    const original = process.env.TZ
    try {
      for (const tzName of ['UTC', 'America/Los_Angeles', 'Asia/Tokyo']) {
        process.env.TZ = tzName
        expect(iso(localInputToUtc('2026-10-25T01:30', 'Europe/London'))).toBe('2026-10-25T00:30:00.000Z')
        expect(utcToLocalInput(new Date('2026-03-29T01:00:00Z'), 'Europe/London')).toBe('2026-03-29T02:00')
      }
    } finally {
      process.env.TZ = original
    }
  })
})
