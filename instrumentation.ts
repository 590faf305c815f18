/**
 * Runs once when a server process boots (Next.js instrumentation hook): the
 * job queue that delivers e-mail starts inside the app, so `npm start` needs
 * no other service. CHANGEBOARD_JOBS=off leaves it out of a process (an
 * instance kept for reads only); every other instance runs the same workers.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  // One structured log line per request (lib/server/request-log.ts), in every instance.
  const { installRequestLog } = await import('./lib/server/request-log')
  installRequestLog()
  if (process.env.CHANGEBOARD_JOBS === 'off') return
  const { startJobs } = await import('./lib/server/jobs/start')
  const { registerReadinessCheck } = await import('./lib/server/health')
  try {
    const jobs = await startJobs()
    // Finish the delivery in hand, then let the process go (docker stop, Ctrl-C via npm start).
    process.once('SIGTERM', () => void jobs.stop())
  } catch (error) {
    // The board keeps working and the outbox keeps every message, but this
    // instance is not ready: a load balancer should prefer one that delivers.
    console.error('changeboard: the job queue did not start; e-mail waits in the outbox:', error instanceof Error ? error.message : error)
    registerReadinessCheck('jobs', async () => false)
  }
}
