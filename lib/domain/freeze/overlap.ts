// Half-open intervals [start, end): a window ending at 10:00 and one starting
// at 10:00 do not overlap. This is the same single condition the SQL uses
// (tstzrange(..., '[)') && tstzrange(..., '[)')), so domain and database agree.

export type Interval = { start: Date; end: Date }

export function isWellFormed(interval: Interval): boolean {
  const s = interval.start.getTime()
  const e = interval.end.getTime()
  return Number.isFinite(s) && Number.isFinite(e) && s < e
}

/** True iff a.start < b.end && b.start < a.end. Empty intervals overlap nothing. */
export function overlaps(a: Interval, b: Interval): boolean {
  if (!isWellFormed(a) || !isWellFormed(b)) return false
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime()
}

/** The common part of two intervals, or null when they do not overlap. */
export function intersection(a: Interval, b: Interval): Interval | null {
  if (!overlaps(a, b)) return null
  return {
    start: new Date(Math.max(a.start.getTime(), b.start.getTime())),
    end: new Date(Math.min(a.end.getTime(), b.end.getTime())),
  }
}

/** The window of a change as an interval, or null when it is missing or malformed. */
export function windowOf(change: { windowStart: Date | null; windowEnd: Date | null }): Interval | null {
  if (!change.windowStart || !change.windowEnd) return null
  const interval = { start: change.windowStart, end: change.windowEnd }
  return isWellFormed(interval) ? interval : null
}
