import 'server-only'

type Entry<T> = {
  /** The computation under way or done; concurrent callers share it. */
  pending: Promise<T>
  /** When `pending` was started. */
  startedAt: number
  /** The last value computed, and when its computation started. */
  settled: { value: T; at: number } | null
  refreshing: boolean
}

/**
 * A per-process memo of an expensive read that many requests ask for at once
 * (the metrics report, the dashboard's emergency share, a calendar feed).
 *
 * - Concurrent callers with the same key share one computation: a page opened
 *   by twenty people runs its aggregates once, not twenty times.
 * - A value younger than `freshMs` is served as it is. One younger than
 *   `staleMs` is served too, while one refresh runs in the background, so
 *   readers never wait for a recomputation once a value exists.
 * - A failure is never kept: the next caller computes afresh (a failed
 *   background refresh leaves the older value in place).
 * - At most `maxEntries` keys are held (the oldest goes first), so callers
 *   varying the key cannot grow memory without bound.
 *
 * Callers put everything the answer depends on into the key, and say on the
 * page how old an answer may be.
 */
export function sharedResult<T>(options: { freshMs: number; staleMs: number; maxEntries: number }) {
  const entries = new Map<string, Entry<T>>()

  function start(key: string, compute: () => Promise<T>, nowMs: number): Entry<T> {
    const entry: Entry<T> = { pending: compute(), startedAt: nowMs, settled: null, refreshing: false }
    entry.pending.then(
      (value) => {
        entry.settled = { value, at: nowMs }
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key)
      },
    )
    entries.delete(key)
    entries.set(key, entry)
    while (entries.size > options.maxEntries) {
      const oldest = entries.keys().next().value
      if (oldest === undefined) break
      entries.delete(oldest)
    }
    return entry
  }

  return function read(key: string, compute: () => Promise<T>, nowMs: number = Date.now()): Promise<T> {
    const held = entries.get(key)
    // Fresh, or still being computed (however long that takes): share it.
    if (held && (nowMs - held.startedAt < options.freshMs || !held.settled)) return held.pending
    const settled = held?.settled
    if (held && settled && nowMs - settled.at < options.staleMs) {
      if (!held.refreshing) {
        held.refreshing = true
        compute().then(
          (value) => {
            if (entries.get(key) !== held) return
            entries.delete(key)
            entries.set(key, { pending: Promise.resolve(value), startedAt: nowMs, settled: { value, at: nowMs }, refreshing: false })
          },
          (error: unknown) => {
            held.refreshing = false
            console.error('changeboard: a background refresh failed; the previous answer stays', error)
          },
        )
      }
      return Promise.resolve(settled.value)
    }
    return start(key, compute, nowMs).pending
  }
}
