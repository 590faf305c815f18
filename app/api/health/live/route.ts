// Liveness: the process answers HTTP. Deliberately touches nothing else, so a
// database outage makes instances unready (taken out of the load balancer)
// rather than dead (restarted in a loop). No session: the proxy matcher skips /api/.
export const dynamic = 'force-dynamic'

export function GET(_request: Request): Response {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } })
}
