import { formatInZone } from './zoned'

/**
 * The one way an interval is written. Without a zone: exact ISO UTC (APIs,
 * logs, domain messages with no reader yet). In the reader's zone:
 * '2026-06-10 11:00 – 2026-06-10 13:00 (Europe/London, GMT+1)', naming the
 * offset of each end when a clock change falls inside it, so a window across
 * DST never reads an hour short.
 */
export function formatInterval(interval: { start: Date; end: Date }, timeZone?: string): string {
  if (!timeZone) return `${interval.start.toISOString()} – ${interval.end.toISOString()}`
  const start = formatInZone(interval.start, timeZone)
  const end = formatInZone(interval.end, timeZone)
  const zoneOf = (text: string) => text.slice(text.indexOf(' ('))
  return zoneOf(start) === zoneOf(end) ? `${start.slice(0, start.indexOf(' ('))} – ${end}` : `${start} – ${end}`
}
