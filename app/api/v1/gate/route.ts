import { withApiActor } from '@/lib/server/http/json-api'
import { prisma } from '@/lib/server/db'
import { decidePipelineGate, gateFailure } from '@/lib/server/lifecycle/pipeline-gate'
import { gateIntervalOf, pipelineGateQueryOf, ZPipelineGateQuery } from '@/lib/server/lifecycle/schemas'
import { parseInput } from '@/lib/server/validation'
import type { PipelineGateResult } from '@/lib/domain/gate/pipeline-gate'

/** Never cached: the answer is evaluated afresh on every call. */
const NO_STORE = { 'Cache-Control': 'no-store' }

function answer(result: PipelineGateResult): Response {
  const headers = new Headers(NO_STORE)
  if (result.retryAfterSeconds !== null) headers.set('Retry-After', String(result.retryAfterSeconds))
  return Response.json(result, { status: 200, headers })
}

/**
 * GET /api/v1/gate?service=<id or exact name>[&service=…]&at=<ISO>&duration=<PT45M | minutes>&change=<CHG-000123 | id>
 * → 200 { decision: ALLOW | DENY | PENDING, state, atTime, nextTransitionAt, validUntil, retryAfterSeconds, change, reasons }.
 * 400 with fieldErrors for a malformed question, 401/403 for who may ask.
 * Fail closed: anything else that goes wrong is a 200 DENY with a GATE_ERROR reason, never an ALLOW.
 */
export async function GET(request: Request): Promise<Response> {
  const now = new Date()
  try {
    return await withApiActor(request, async (actor) => {
      const query = parseInput(ZPipelineGateQuery, pipelineGateQueryOf(new URL(request.url).searchParams))
      const interval = gateIntervalOf(query, now)
      return answer(await decidePipelineGate(prisma, actor, { services: query.service, interval, change: query.change }, now))
    })
  } catch (error) {
    console.error('changeboard: the pipeline gate failed closed', error)
    return answer(gateFailure(now, 'The gate could not be evaluated, so deployment is denied. Try again shortly.'))
  }
}
