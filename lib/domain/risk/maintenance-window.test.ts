import { describe, expect, it } from 'vitest'
import { describeMaintenanceWindow, fitsMaintenanceWindow, maintenanceOccurrences, parseTimeOfDay, readMaintenanceWindow, type MaintenanceWindow } from './maintenance-window'

const at = (iso: string) => new Date(iso)
const span = (start: string, end: string) => ({ start: at(start), end: at(end) })

// Sundays 01:00–04:00 in London: 2026-03-29 is the spring-forward Sunday (01:00 → 02:00 BST),
// 2026-10-25 the fall-back Sunday (02:00 BST → 01:00 GMT).
const londonSunday: MaintenanceWindow = { days: [7], startMinute: 60, endMinute: 240, timeZone: 'Europe/London' }
// Weeknights 22:00–02:00 in Berlin (crosses midnight).
const berlinNights: MaintenanceWindow = { days: [1, 2, 3, 4, 5], startMinute: 22 * 60, endMinute: 2 * 60, timeZone: 'Europe/Berlin' }

describe('maintenance windows', () => {
  it('opens at the same local time on both sides of a DST change', () => {
    // The Sunday before (GMT) and the Sunday after (BST): 01:00 local is 01:00Z, then 00:00Z.
    expect(maintenanceOccurrences(londonSunday, span('2026-03-22T00:00:00Z', '2026-03-23T00:00:00Z'))).toEqual([span('2026-03-22T01:00:00Z', '2026-03-22T04:00:00Z')])
    expect(maintenanceOccurrences(londonSunday, span('2026-04-05T00:00:00Z', '2026-04-06T00:00:00Z'))).toEqual([span('2026-04-05T00:00:00Z', '2026-04-05T03:00:00Z')])
  })

  it('is two hours long on the spring-forward night, four on the fall-back night', () => {
    // 01:00 local does not exist on 2026-03-29: it moves forward to 02:00 BST (01:00Z); 04:00 BST is 03:00Z.
    expect(maintenanceOccurrences(londonSunday, span('2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z'))).toEqual([span('2026-03-29T01:00:00Z', '2026-03-29T03:00:00Z')])
    // 01:00 local is ambiguous on 2026-10-25: the earlier (BST, 00:00Z); 04:00 GMT is 04:00Z.
    expect(maintenanceOccurrences(londonSunday, span('2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z'))).toEqual([span('2026-10-25T00:00:00Z', '2026-10-25T04:00:00Z')])
  })

  it('decides whether a change window fits across the DST change', () => {
    // 00:30Z on the spring-forward Sunday is before the (shifted) opening.
    expect(fitsMaintenanceWindow(londonSunday, span('2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z'))).toBe(false)
    expect(fitsMaintenanceWindow(londonSunday, span('2026-03-29T01:00:00Z', '2026-03-29T03:00:00Z'))).toBe(true)
    // The same UTC times a week later are 02:00–04:00 BST: inside.
    expect(fitsMaintenanceWindow(londonSunday, span('2026-04-05T01:00:00Z', '2026-04-05T03:00:00Z'))).toBe(true)
    // A week later still 00:30Z is 01:30 BST: inside, though it was outside on the change night.
    expect(fitsMaintenanceWindow(londonSunday, span('2026-04-05T00:30:00Z', '2026-04-05T01:30:00Z'))).toBe(true)
  })

  it('runs overnight windows into the next day, from the day they open', () => {
    // Friday 2026-12-04 22:00 CET (21:00Z) to Saturday 02:00 (01:00Z).
    expect(fitsMaintenanceWindow(berlinNights, span('2026-12-04T21:00:00Z', '2026-12-05T01:00:00Z'))).toBe(true)
    // Saturday night is not a maintenance night.
    expect(fitsMaintenanceWindow(berlinNights, span('2026-12-05T21:00:00Z', '2026-12-05T23:00:00Z'))).toBe(false)
    // Running past 02:00 is outside.
    expect(fitsMaintenanceWindow(berlinNights, span('2026-12-04T21:00:00Z', '2026-12-05T01:30:00Z'))).toBe(false)
  })

  it('joins touching openings, so an all-day window every day lets a change run past midnight', () => {
    const always: MaintenanceWindow = { days: [1, 2, 3, 4, 5, 6, 7], startMinute: 0, endMinute: 0, timeZone: 'America/New_York' }
    expect(fitsMaintenanceWindow(always, span('2026-11-01T03:00:00Z', '2026-11-03T09:00:00Z'))).toBe(true)
    expect(fitsMaintenanceWindow({ ...always, days: [] }, span('2026-11-01T03:00:00Z', '2026-11-01T04:00:00Z'))).toBe(false)
  })

  it('describes itself and reads times of day', () => {
    expect(describeMaintenanceWindow(berlinNights)).toBe('Mon, Tue, Wed, Thu, Fri 22:00–02:00 (Europe/Berlin)')
    expect(parseTimeOfDay('22:30')).toBe(1350)
    expect(parseTimeOfDay('24:00')).toBeNull()
    expect(parseTimeOfDay('7:00')).toBeNull()
  })
})

describe('readMaintenanceWindow', () => {
  it('reads no window, a whole window, and names the fields of a partial one', () => {
    expect(readMaintenanceWindow({ days: [], start: '', end: '', timeZone: 'UTC' })).toEqual({
      ok: true,
      columns: { maintenanceDays: [], maintenanceStartMinute: null, maintenanceEndMinute: null, maintenanceTimeZone: 'UTC' },
    })
    expect(readMaintenanceWindow({ days: [5, 1, 5], start: '22:00', end: '02:00', timeZone: 'Europe/Berlin' })).toEqual({
      ok: true,
      columns: { maintenanceDays: [1, 5], maintenanceStartMinute: 1320, maintenanceEndMinute: 120, maintenanceTimeZone: 'Europe/Berlin' },
    })
    const partial = readMaintenanceWindow({ days: [], start: '22:00', end: '25:00', timeZone: 'UTC' })
    expect(partial.ok ? null : Object.keys(partial.fieldErrors).sort()).toEqual(['maintenanceDays', 'maintenanceEnd'])
  })
})
