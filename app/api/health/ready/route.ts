import { readiness } from '@/lib/server/health'

// Readiness for load balancers and the container HEALTHCHECK: 200 when every
// check in lib/server/health.ts passes, else 503 naming the failing ones.
// No session (probes have none); the answer carries names only, never details.
export const dynamic = 'force-dynamic'

export async function GET(_request: Request): Promise<Response> {
  const result = await readiness()
  return Response.json(
    { status: result.ok ? 'ok' : 'fail', checks: result.checks, ...(result.ok ? {} : { failing: result.failing }) },
    { status: result.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
