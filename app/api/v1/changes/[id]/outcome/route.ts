import { getChangeForApi, ifMatchVersion, withPrecondition } from '@/lib/server/change-requests/api'
import { readJsonBody, withActor } from '@/lib/server/http/json-api'
import { ZRecordOutcomeInput } from '@/lib/server/lifecycle/schemas'
import { recordOutcome } from '@/lib/server/lifecycle/transition'
import { parseInput } from '@/lib/server/validation'

type Context = { params: Promise<{ id: string }> }

/** POST { outcome: 'complete'|'rollBack'|'fail', notes, version? } (or If-Match) → 200 { change }. */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  return withActor(request, id, async (actor) => {
    const body = await readJsonBody(request)
    const input = parseInput(ZRecordOutcomeInput, { ...body, version: ifMatchVersion(request, false) ?? body.version, changeId: id })
    await withPrecondition(() => recordOutcome(actor, input))
    return Response.json({ change: await getChangeForApi(actor, id) })
  })
}
