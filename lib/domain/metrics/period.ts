// The period a metrics view covers: the last 30, 90 or 365 days, or a custom
// range of calendar dates in the viewer's zone ([from 00:00, the day after
// `to` 00:00)). At most MAX_PERIOD_DAYS, so every query is bounded.
import { wallTimeToInstant } from '../time/zoned'

export const PERIOD_PRESETS = [30, 90, 365] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]
export const MAX_PERIOD_DAYS = 366
const DAY = 86_400_000

export type Period = { from: Date; to: Date; days: number; label: string }

/** YYYY-MM-DD → the wall time of its midnight, or null. */
function dateWall(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return new Date(wall).toISOString().slice(0, 10) === date ? wall : null
}

export type PeriodProblem = { field: 'from' | 'to'; message: string }

/** A custom range of dates, inclusive of both, in the zone. */
export function customPeriod(from: string, to: string, timeZone: string): Period | PeriodProblem {
  const fromWall = dateWall(from)
  const toWall = dateWall(to)
  if (fromWall === null) return { field: 'from', message: 'Give a date as YYYY-MM-DD.' }
  if (toWall === null) return { field: 'to', message: 'Give a date as YYYY-MM-DD.' }
  if (toWall < fromWall) return { field: 'to', message: 'The end date must not be before the start date.' }
  const days = (toWall - fromWall) / DAY + 1
  if (days > MAX_PERIOD_DAYS) return { field: 'to', message: `A period is at most ${MAX_PERIOD_DAYS} days.` }
  const start = wallTimeToInstant(fromWall, timeZone, 'compatible')
  const end = wallTimeToInstant(toWall + DAY, timeZone, 'compatible')
  if (!start || !end) return { field: 'from', message: 'These dates do not exist in your time zone.' }
  return { from: start, to: end, days, label: `${from} to ${to}` }
}

/** The last `days` days up to now (an instant range ending now). */
export function presetPeriod(days: PeriodPreset, now: Date): Period {
  return { from: new Date(now.getTime() - days * DAY), to: now, days, label: `Last ${days} days` }
}

export function isPeriodProblem(value: Period | PeriodProblem): value is PeriodProblem {
  return 'field' in value
}
