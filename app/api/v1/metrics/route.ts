import { withApiActor } from '@/lib/server/http/json-api'
import { loadMetrics } from '@/lib/server/metrics/load-metrics'
import { ZMetricsInput, firstValues } from '@/lib/server/metrics/schemas'
import { parseInput } from '@/lib/server/validation'

/**
 * GET /api/v1/metrics?period=30|90|365|custom&from&to&serviceId&type&risk → 200
 * { metrics }: the figures of the /metrics page (change managers and admins;
 * a token or the session). Documented in lib/server/openapi/routes.ts.
 */
export async function GET(request: Request): Promise<Response> {
  return withApiActor(request, async (actor) => {
    const input = parseInput(ZMetricsInput, firstValues(new URL(request.url).searchParams))
    return Response.json({ metrics: await loadMetrics(actor, input) }, { headers: { 'Cache-Control': 'no-store' } })
  })
}
