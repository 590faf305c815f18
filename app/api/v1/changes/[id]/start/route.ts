import { getChangeForApi, ifMatchVersion, withPrecondition } from '@/lib/server/change-requests/api'
import { readOptionalJsonBody, withActor } from '@/lib/server/http/json-api'
import { ZStartChangeInput } from '@/lib/server/lifecycle/schemas'
import { startChange } from '@/lib/server/lifecycle/transition'
import { parseInput } from '@/lib/server/validation'

type Context = { params: Promise<{ id: string }> }

/** POST { version? } (or If-Match) → 200 { change }: SCHEDULED → IN_PROGRESS, in (or just before) its window. */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  return withActor(request, id, async (actor) => {
    const body = await readOptionalJsonBody(request)
    const input = parseInput(ZStartChangeInput, { ...body, version: ifMatchVersion(request, false) ?? body.version, changeId: id })
    await withPrecondition(() => startChange(actor, input))
    return Response.json({ change: await getChangeForApi(actor, id) })
  })
}
