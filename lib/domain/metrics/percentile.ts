// Percentiles by the nearest-rank method, the same definition as
// PostgreSQL's percentile_disc (which the server uses), so a figure computed
// in SQL and one computed here over the same values always agree:
//   the p-th percentile of n sorted values is the smallest value v such that
//   at least p·n of the values are ≤ v, i.e. sorted[max(1, ⌈p·n⌉) − 1].
// It is always one of the observed values (never interpolated). Empty → null.

export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile: p must be within [0, 1], got ${p}`)
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1] ?? null
}

/** The spread the page shows: how many, the median (p50) and the 90th percentile. */
export type Spread = { count: number; p50: number | null; p90: number | null }

export function spread(values: readonly number[]): Spread {
  return { count: values.length, p50: percentile(values, 0.5), p90: percentile(values, 0.9) }
}
