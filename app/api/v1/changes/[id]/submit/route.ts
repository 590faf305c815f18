import { getChangeForApi, ifMatchVersion, withPrecondition } from '@/lib/server/change-requests/api'
import { ZChangeRef } from '@/lib/server/change-requests/schemas'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { readOptionalJsonBody, withActor } from '@/lib/server/http/json-api'
import { parseInput } from '@/lib/server/validation'

type Context = { params: Promise<{ id: string }> }

/**
 * POST (optional If-Match or { version }) → 200 { change }: DRAFT → SUBMITTED,
 * asking the required approvers. An incomplete change → 422 REFUSED with every reason.
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  return withActor(request, id, async (actor) => {
    const body = await readOptionalJsonBody(request)
    const version = ifMatchVersion(request, false) ?? body.version ?? (await getChangeForApi(actor, id)).version
    const ref = parseInput(ZChangeRef, { changeId: id, version })
    await withPrecondition(() => submitChange(actor, { ref }))
    return Response.json({ change: await getChangeForApi(actor, id) })
  })
}
