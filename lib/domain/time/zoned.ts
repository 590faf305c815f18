// Wall-clock time in an IANA zone <-> instants. Built on @date-fns/tz's
// tzOffset with our own disambiguation, because TZDate resolves ambiguous
// local times differently per zone (seen: London picks the later, New York
// the earlier). Our rules (see README.md):
//   - nonexistent local time (spring-forward gap): localInputToUtc → null;
//     wallTimeToInstant(..., 'compatible') shifts it forward by the gap.
//   - ambiguous local time (fall-back overlap): the EARLIER instant (first
//     occurrence), like Temporal's 'compatible' disambiguation.
import { tzOffset } from '@date-fns/tz'

/** Local wall-clock time encoded as a "floating" UTC timestamp (ms): Date.UTC(y, m, d, h, mi, s, ms). */
export type WallTime = number

const MINUTE = 60_000
const DAY = 86_400_000

/** Every IANA zone this runtime knows, UTC first (some runtimes leave it out of the list). */
export function timeZoneOptions(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]
}

/** The one time-zone validator: a zone this runtime can format in. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/** Offset of the zone from UTC at the instant, in minutes (BST → 60, EDT → -240). */
export function offsetMinutes(instant: Date | number, timeZone: string): number {
  const offset = tzOffset(timeZone, new Date(instant))
  if (Number.isNaN(offset)) throw new RangeError(`Unknown time zone: ${timeZone}`)
  return offset
}

export function instantToWallTime(instant: Date | number, timeZone: string): WallTime {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  return ms + offsetMinutes(ms, timeZone) * MINUTE
}

/**
 * The instants at which the zone's clocks show this wall time: one normally,
 * two in a fall-back overlap (earlier first), none in a spring-forward gap.
 */
export function instantsForWallTime(wall: WallTime, timeZone: string): number[] {
  // Real zones change offset at most once within ±1 day, so these are all the candidates.
  const offsets = new Set([offsetMinutes(wall - DAY, timeZone), offsetMinutes(wall + DAY, timeZone)])
  const found = [...offsets]
    .map((offset) => wall - offset * MINUTE)
    .filter((t) => offsetMinutes(t, timeZone) * MINUTE === wall - t)
  return [...new Set(found)].sort((a, b) => a - b)
}

/**
 * 'strict': null in a gap; 'compatible': a gap time moves forward by the gap
 * length (02:30 in a 02:00→03:00 jump becomes 03:30). Ambiguous → earlier in both.
 */
export function wallTimeToInstant(wall: WallTime, timeZone: string, mode: 'strict' | 'compatible'): Date | null {
  const instants = instantsForWallTime(wall, timeZone)
  const first = instants[0]
  if (first !== undefined) return new Date(first)
  if (mode === 'strict') return null
  // In a gap: read the wall time with the offset in force just before the jump.
  return new Date(wall - offsetMinutes(wall - DAY, timeZone) * MINUTE)
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/** Parses 'YYYY-MM-DDTHH:mm' (seconds optional) to a wall time; null if malformed or not a calendar date. */
export function parseLocalInput(value: string): WallTime | null {
  const m = LOCAL_INPUT.exec(value.trim())
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? '0')) as [number, number, number, number, number, number]
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null
  const wall = Date.UTC(y, mo - 1, d, h, mi, s)
  // Rejects 2026-02-30 and similar, which Date.UTC would silently roll over.
  if (new Date(wall).getUTCDate() !== d) return null
  return wall
}

/**
 * Value of an <input type="datetime-local"> typed in `timeZone` → instant.
 * Null when malformed, the zone is unknown, or the local time does not exist
 * (spring-forward gap) — the form then asks the user to pick another time.
 */
export function localInputToUtc(value: string, timeZone: string): Date | null {
  if (!isValidTimeZone(timeZone)) return null
  const wall = parseLocalInput(value)
  if (wall === null) return null
  return wallTimeToInstant(wall, timeZone, 'strict')
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

function wallParts(wall: WallTime) {
  const d = new Date(wall)
  return {
    date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  }
}

/** 'YYYY-MM-DDTHH:mm' for <input type="datetime-local"> (seconds dropped). */
export function utcToLocalInput(date: Date, timeZone: string): string {
  const parts = wallParts(instantToWallTime(date, timeZone))
  return `${parts.date}T${parts.time}`
}

/** 'GMT+1', 'GMT-4', 'GMT+5:30', 'GMT' (zero offset). */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'GMT'
  const sign = minutes > 0 ? '+' : '-'
  const abs = Math.abs(minutes)
  const h = Math.floor(abs / 60)
  const m = abs % 60
  return `GMT${sign}${h}${m ? `:${pad(m)}` : ''}`
}

/** '2026-03-29 02:30 (Europe/London, GMT+1)': unambiguous even inside a DST overlap. */
export function formatInZone(date: Date, timeZone: string): string {
  const parts = wallParts(instantToWallTime(date, timeZone))
  return `${parts.date} ${parts.time} (${timeZone}, ${formatOffset(offsetMinutes(date, timeZone))})`
}
