import { formatInterval } from '@/lib/domain/time/format-interval'
import { formatInZone } from '@/lib/domain/time/zoned'

/** '2026-03-29 02:30 (Europe/London, GMT+1)', or a dash when unset. */
export function when(date: Date | null | undefined, timeZone: string): string {
  return date ? formatInZone(date, timeZone) : '—'
}

/** A change's window in the viewer's zone. */
export function windowText(start: Date | null, end: Date | null, timeZone: string): string {
  if (!start || !end) return 'No window yet'
  return formatInterval({ start, end }, timeZone)
}
