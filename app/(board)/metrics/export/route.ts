import { getActor } from '@/lib/server/authz'
import { AppError, isAppError } from '@/lib/server/errors'
import { jsonError } from '@/lib/server/http/json-api'
import { metricsCsv } from '@/lib/server/metrics/export'
import { loadMetrics } from '@/lib/server/metrics/load-metrics'
import { ZMetricsExportInput, ZMetricsInput, firstValues } from '@/lib/server/metrics/schemas'
import { parseInput } from '@/lib/server/validation'

/** GET /metrics/export?table=…&(the page's filters) → text/csv of that table, for the signed-in viewer. */
export async function GET(request: Request): Promise<Response> {
  try {
    const actor = await getActor()
    if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to export the metrics.')
    const params = firstValues(new URL(request.url).searchParams)
    const { table } = parseInput(ZMetricsExportInput, params)
    const report = await loadMetrics(actor, parseInput(ZMetricsInput, params))
    const day = new Date().toISOString().slice(0, 10)
    return new Response(metricsCsv(report, table), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="changeboard-${table}-${day}.csv"`,
        'Cache-Control': 'no-store',
      },
    })
  } catch (error) {
    if (isAppError(error)) return jsonError(error)
    throw error
  }
}
