import { formatInZone } from './zoned'

/** '2031-12-24 10:00 (Europe/London, GMT) – 2031-12-24 11:00 (Europe/London, GMT)': exact, zone named on both ends (they may differ across DST). */
export function formatIntervalInZone(interval: { start: Date; end: Date }, timeZone: string): string {
  return `${formatInZone(interval.start, timeZone)} – ${formatInZone(interval.end, timeZone)}`
}
