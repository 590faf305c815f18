// Weekly buckets in the viewer's time zone: a week starts on Monday at 00:00
// local time, whatever the UTC offset does in between (a week across a DST
// change is 167 or 169 hours long). The metrics' SQL buckets moments by the
// week starts weeksOf returns (width_bucket), so SQL and labels cannot disagree.
import { instantToWallTime, wallTimeToInstant } from '../time/zoned'

const DAY = 86_400_000

/** The instant the week containing `instant` began, in the zone (Monday 00:00 local). */
export function weekStartOf(instant: Date, timeZone: string): Date {
  const wall = instantToWallTime(instant, timeZone)
  const day = Math.floor(wall / DAY)
  const weekday = (new Date(day * DAY).getUTCDay() + 6) % 7 // Monday = 0
  const monday = wallTimeToInstant((day - weekday) * DAY, timeZone, 'compatible')
  if (monday === null) throw new RangeError(`No Monday midnight for ${instant.toISOString()} in ${timeZone}`)
  return monday
}

/** The start of the week after the one that began at `weekStart` (7 local days later). */
export function nextWeekStart(weekStart: Date, timeZone: string): Date {
  const wall = instantToWallTime(weekStart, timeZone)
  const next = wallTimeToInstant(Math.floor(wall / DAY) * DAY + 7 * DAY, timeZone, 'compatible')
  if (next === null) throw new RangeError(`No next week for ${weekStart.toISOString()} in ${timeZone}`)
  return next
}

/** Every week touching [from, to), oldest first, so weeks without data show as zero. */
export function weeksOf(from: Date, to: Date, timeZone: string): Date[] {
  const weeks: Date[] = []
  for (let week = weekStartOf(from, timeZone); week < to; week = nextWeekStart(week, timeZone)) weeks.push(week)
  return weeks
}

/** Counts per week (keys are week starts as ISO strings), zero-filled over the period. */
export function bucketByWeek(instants: readonly Date[], from: Date, to: Date, timeZone: string): { weekStart: Date; count: number }[] {
  const counts = new Map(weeksOf(from, to, timeZone).map((week) => [week.toISOString(), 0]))
  for (const instant of instants) {
    if (instant < from || instant >= to) continue
    const key = weekStartOf(instant, timeZone).toISOString()
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([key, count]) => ({ weekStart: new Date(key), count }))
}
