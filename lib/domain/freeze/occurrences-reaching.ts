import type { Interval } from './overlap'

/**
 * The occurrences that can overlap a window (a superset: callers still test
 * each with overlaps), in their original order. A year
 * pairs a thousand changes with thousands of occurrences, so each window
 * looks only at those starting between (window start − the longest
 * occurrence) and its end, found by binary search on the start times.
 */
export function occurrencesReaching<T extends Interval>(occurrences: readonly T[]): (window: Interval) => T[] {
  const byStart = occurrences
    .map((occurrence, index) => ({ occurrence, index, start: occurrence.start.getTime() }))
    .filter((o) => Number.isFinite(o.start) && Number.isFinite(o.occurrence.end.getTime()))
    .sort((a, b) => a.start - b.start)
  const longest = byStart.reduce((max, o) => Math.max(max, o.occurrence.end.getTime() - o.start), 0)
  const firstStartingFrom = (time: number) => {
    let low = 0
    let high = byStart.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((byStart[middle]?.start ?? Infinity) < time) low = middle + 1
      else high = middle
    }
    return low
  }
  return (window) =>
    byStart
      .slice(firstStartingFrom(window.start.getTime() - longest), firstStartingFrom(window.end.getTime()))
      .sort((a, b) => a.index - b.index)
      .map((o) => o.occurrence)
}
