// A service's maintenance window: the weekly times changes to it are meant to
// run, in wall-clock time of the service's own zone, so "Tuesdays 22:00–02:00
// Europe/Berlin" stays 22:00 local on both sides of a DST change.
import type { Interval } from '../freeze/overlap'
import { instantToWallTime, wallTimeToInstant } from '../time/zoned'

export type MaintenanceWindow = {
  /** ISO weekdays the window opens on: 1 = Monday … 7 = Sunday. */
  days: readonly number[]
  /** Minutes after local midnight, 0–1439. */
  startMinute: number
  /** Closes the next day when not after the start (22:00–02:00; 00:00–00:00 is a whole day). */
  endMinute: number
  timeZone: string
}

export const WEEKDAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const

const MINUTE = 60_000
const DAY = 86_400_000
/** A change window longer than this is never inside one maintenance window; stop walking days. */
const MAX_DAYS = 400

/**
 * The occurrences of the window that reach into the range, touching ones merged
 * (daily 00:00–00:00 is one long opening, not a row of days). Local times that
 * do not exist (spring-forward gap) move forward by the gap; ambiguous ones
 * (fall-back) take the earlier instant, as elsewhere in lib/domain/time.
 */
export function maintenanceOccurrences(window: MaintenanceWindow, range: Interval): Interval[] {
  const days = new Set(window.days)
  if (days.size === 0) return []
  const overnight = window.endMinute <= window.startMinute
  // Start one local day early: an overnight opening from the day before may reach into the range.
  const first = Math.floor(instantToWallTime(range.start, window.timeZone) / DAY) * DAY - DAY
  const last = Math.floor(instantToWallTime(range.end, window.timeZone) / DAY) * DAY
  const found: Interval[] = []
  for (let day = first, n = 0; day <= last && n <= MAX_DAYS + 2; day += DAY, n++) {
    const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1
    if (!days.has(weekday)) continue
    const start = wallTimeToInstant(day + window.startMinute * MINUTE, window.timeZone, 'compatible')
    const end = wallTimeToInstant(day + (overnight ? DAY : 0) + window.endMinute * MINUTE, window.timeZone, 'compatible')
    if (!start || !end || !(start < end)) continue
    if (start < range.end && range.start < end) found.push({ start, end })
  }
  return mergeTouching(found)
}

/** True when the change window lies entirely inside one (merged) opening of the maintenance window. */
export function fitsMaintenanceWindow(window: MaintenanceWindow, change: Interval): boolean {
  if (change.end.getTime() - change.start.getTime() > MAX_DAYS * DAY) return false
  return maintenanceOccurrences(window, change).some((o) => o.start <= change.start && change.end <= o.end)
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

/** "Tue, Thu 22:00–02:00 (Europe/Berlin)". */
export function describeMaintenanceWindow(window: MaintenanceWindow): string {
  const days = [...new Set(window.days)].sort((a, b) => a - b).map((d) => WEEKDAY_LABELS[d - 1] ?? String(d))
  return `${days.join(', ')} ${hhmm(window.startMinute)}–${hhmm(window.endMinute)} (${window.timeZone})`
}

/** "22:30" → 1350; null when not a time of day. */
export function parseTimeOfDay(value: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(value.trim())
  if (!m) return null
  const hours = Number(m[1])
  const minutes = Number(m[2])
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null
}

export { hhmm as formatTimeOfDay }

/** Sorted, with intervals that overlap or touch joined into one. */
function mergeTouching(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start.getTime() - b.start.getTime())
  const merged: Interval[] = []
  for (const next of sorted) {
    const last = merged.at(-1)
    if (last && next.start <= last.end) {
      if (next.end > last.end) merged[merged.length - 1] = { start: last.start, end: next.end }
    } else merged.push(next)
  }
  return merged
}

export type MaintenanceWindowColumns = { maintenanceDays: number[]; maintenanceStartMinute: number | null; maintenanceEndMinute: number | null; maintenanceTimeZone: string }

/**
 * The service form's maintenance window as columns, or the fields to fix: no
 * days and no times (no window), or at least one day with both times.
 */
export function readMaintenanceWindow(input: { days: readonly number[]; start: string; end: string; timeZone: string }):
  | { ok: true; columns: MaintenanceWindowColumns }
  | { ok: false; fieldErrors: Partial<Record<'maintenanceDays' | 'maintenanceStart' | 'maintenanceEnd', string[]>> } {
  const days = [...new Set(input.days)].sort((a, b) => a - b)
  const start = input.start.trim()
  const end = input.end.trim()
  if (days.length === 0 && start === '' && end === '') {
    return { ok: true, columns: { maintenanceDays: [], maintenanceStartMinute: null, maintenanceEndMinute: null, maintenanceTimeZone: input.timeZone } }
  }
  const fieldErrors: Partial<Record<'maintenanceDays' | 'maintenanceStart' | 'maintenanceEnd', string[]>> = {}
  if (days.length === 0) fieldErrors.maintenanceDays = ['Choose the days the maintenance window opens, or clear both times for no window.']
  const startMinute = parseTimeOfDay(start)
  const endMinute = parseTimeOfDay(end)
  if (startMinute === null) fieldErrors.maintenanceStart = ['Enter the time the window opens, like 22:00.']
  if (endMinute === null) fieldErrors.maintenanceEnd = ['Enter the time the window closes, like 02:00 (the next day when earlier than the opening).']
  if (startMinute === null || endMinute === null || days.length === 0) return { ok: false, fieldErrors }
  return { ok: true, columns: { maintenanceDays: days, maintenanceStartMinute: startMinute, maintenanceEndMinute: endMinute, maintenanceTimeZone: input.timeZone } }
}
