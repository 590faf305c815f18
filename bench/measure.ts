import { performance } from 'node:perf_hooks'

export interface Timing {
  runs: number
  totalMs: number
  p50Ms: number
  p95Ms: number
}

/** Runs `work` `runs` times sequentially and keeps every duration. */
export async function timeIt(runs: number, work: (i: number) => unknown): Promise<Timing> {
  const durations: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await work(i)
    durations.push(performance.now() - started)
  }
  durations.sort((a, b) => a - b)
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0
  return { runs, totalMs: durations.reduce((a, b) => a + b, 0), p50Ms: at(0.5), p95Ms: at(0.95) }
}

export function report(label: string, t: Timing): void {
  const perSecond = t.totalMs > 0 ? Math.round((t.runs * 1000) / t.totalMs) : Infinity
  console.log(`${label.padEnd(64)} ${String(t.runs).padStart(7)} runs  p50 ${t.p50Ms.toFixed(3).padStart(8)} ms  p95 ${t.p95Ms.toFixed(3).padStart(8)} ms  ${perSecond}/s`)
}
