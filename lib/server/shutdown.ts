/**
 * Graceful stop on SIGTERM, for `next start` and the standalone server alike.
 * Next's own handler closes the listener (new connections are refused), waits
 * for the requests in flight, then calls process.exit(143). This adds what
 * Next leaves out:
 *   - the tasks registered here (the job queue) run AFTER the requests are
 *     done and are awaited before the process goes, so a delivery in hand
 *     finishes and no request loses the queue under it;
 *   - requests still in flight after DRAIN_MS no longer hold the stop: the
 *     tasks run and the process exits 1 (a forced stop);
 *   - a completed graceful stop exits 0, not 143.
 */
export const DRAIN_MS = 10_000

const tasks: (() => Promise<void>)[] = []
let installed = false

/** Runs `task` once the requests in flight are finished, before the process exits. */
export function onShutdown(task: () => Promise<void>): void {
  tasks.push(task)
}

export function installGracefulShutdown(): void {
  if (installed) return
  installed = true
  process.once('SIGTERM', () => {
    const exit = process.exit.bind(process)
    let finishing = false
    const finish = (code: number) => {
      if (finishing) return
      finishing = true
      process.exitCode = code
      void (async () => {
        for (const task of tasks) {
          await task().catch((error: unknown) => console.error('changeboard: a shutdown task failed:', error instanceof Error ? error.message : error))
        }
        exit(code)
      })()
    }
    // Next calls process.exit(143) once its server has closed and the requests in flight are answered.
    process.exit = ((code?: number | string | null) => finish(code === 143 || code === undefined || code === null ? 0 : Number(code))) as typeof process.exit
    const cap = setTimeout(() => {
      console.error(`changeboard: requests still in flight ${DRAIN_MS / 1000} s after SIGTERM; stopping without them`)
      finish(1)
    }, DRAIN_MS)
    cap.unref()
  })
}
