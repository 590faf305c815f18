import { getChangeForApi, ifMatchVersion, withPrecondition } from '@/lib/server/change-requests/api'
import { readJsonBody, withActor } from '@/lib/server/http/json-api'
import { ZCancelChangeInput } from '@/lib/server/lifecycle/schemas'
import { cancelChange } from '@/lib/server/lifecycle/transition'
import { parseInput } from '@/lib/server/validation'

type Context = { params: Promise<{ id: string }> }

/** POST { reason, version? } (or If-Match) → 200 { change }: cancelled, with the reason in the audit trail. */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  return withActor(request, id, async (actor) => {
    const body = await readJsonBody(request)
    const input = parseInput(ZCancelChangeInput, { ...body, version: ifMatchVersion(request, false) ?? body.version, changeId: id })
    await withPrecondition(() => cancelChange(actor, input))
    return Response.json({ change: await getChangeForApi(actor, id) })
  })
}
