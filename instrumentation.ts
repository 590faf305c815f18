/**
 * Runs once when a server process boots (Next.js instrumentation hook): the
 * job queue that delivers e-mail starts inside the app, so `npm start` needs
 * no other service. CHANGEBOARD_JOBS=off leaves it out of a process (an
 * instance kept for reads only); every other instance runs the same workers.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.CHANGEBOARD_JOBS === 'off') return
  const { startJobs } = await import('./lib/server/jobs/start')
  try {
    await startJobs()
  } catch (error) {
    // Fail closed for mail, not for the board: the outbox keeps every message until a worker runs.
    console.error('changeboard: the job queue did not start; e-mail waits in the outbox:', error instanceof Error ? error.message : error)
  }
}
