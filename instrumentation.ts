/**
 * Runs once when a server process boots (Next.js instrumentation hook): the
 * job queue that delivers e-mail starts inside the app, so `npm start` needs
 * no other service. CHANGEBOARD_JOBS=off leaves it out of a process (an
 * instance kept for reads only); every other instance runs the same workers.
 * On SIGTERM the process stops gracefully (lib/server/shutdown.ts): no new
 * connections, requests in flight finished (up to 10 s), then the queue stopped.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  // One structured log line per request (lib/server/request-log.ts), in every instance.
  const { installRequestLog } = await import('./lib/server/request-log')
  installRequestLog()
  const { installGracefulShutdown, onShutdown } = await import('./lib/server/shutdown')
  installGracefulShutdown()
  if (process.env.CHANGEBOARD_JOBS === 'off') return
  const { startJobs } = await import('./lib/server/jobs/start')
  const { registerReadinessCheck } = await import('./lib/server/health')
  try {
    // Replicas starting together on a fresh database can deadlock while pg-boss
    // creates its schema and queues (seen in tests/container/instances.test.ts):
    // that is transient, so try again before giving up.
    const jobs = await retryTransient(startJobs)
    // Finish the delivery in hand once the requests are answered, then let the process go.
    onShutdown(jobs.stop)
  } catch (error) {
    // The board keeps working and the outbox keeps every message, but this
    // instance is not ready: a load balancer should prefer one that delivers.
    console.error('changeboard: the job queue did not start; e-mail waits in the outbox:', error instanceof Error ? error.message : error)
    registerReadinessCheck('jobs', async () => false)
  }
}

async function retryTransient<T>(start: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start()
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (attempt >= attempts || !/deadlock detected|could not serialize|duplicate key/.test(message)) throw error
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt + Math.floor(Math.random() * 250)))
    }
  }
}
