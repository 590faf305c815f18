import { readJsonBody, withActor } from '@/lib/server/http/json-api'
import { reportDeployment } from '@/lib/server/lifecycle/deployments'
import { ZDeploymentReportInput } from '@/lib/server/lifecycle/schemas'
import { parseInput } from '@/lib/server/validation'

type Context = { params: Promise<{ id: string }> }

/**
 * POST { status: 'started' | 'succeeded' | 'failed' | 'rolled_back', ref?, url? (http/https), notes? }
 * → 200 { change: { id, number, status } }: the change moved to IN_PROGRESS, COMPLETED, FAILED or ROLLED_BACK
 * by the same use cases as the buttons. 409 with reasons when the change does not authorise it now
 * (`started`: the pipeline gate is not ALLOW; any status: the change is not where the report needs it).
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  return withActor(request, id, async (actor) => {
    const input = parseInput(ZDeploymentReportInput, { ...(await readJsonBody(request)), changeId: id })
    const outcome = await reportDeployment(actor, input)
    return Response.json({ change: { id: outcome.id, number: outcome.number, status: outcome.to } })
  })
}
