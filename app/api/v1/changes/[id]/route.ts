import { getChangeForApi, ifMatchVersion, mergePatch, withPrecondition } from '@/lib/server/change-requests/api'
import { ZApiChangeFields, ZChangeRef } from '@/lib/server/change-requests/schemas'
import { updateChange } from '@/lib/server/change-requests/update-change'
import { readJsonBody, withActor } from '@/lib/server/http/json-api'
import { parseInput } from '@/lib/server/validation'

type Context = { params: Promise<{ id: string }> }

/** GET → 200 { change } (its `version` is what PATCH needs in If-Match). */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  return withActor(request, id, async (actor) => Response.json({ change: await getChangeForApi(actor, id) }))
}

/**
 * PATCH with `If-Match: <version>` and any of the create fields → 200 { change, outcome }.
 * Fields left out keep their values. A stale version → 412 PRECONDITION_FAILED;
 * a material edit of a submitted change becomes a new revision (approvers asked again).
 */
export async function PATCH(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  return withActor(request, id, async (actor) => {
    const version = ifMatchVersion(request, true)
    const patch = await readJsonBody(request)
    const ref = parseInput(ZChangeRef, { changeId: id, version })
    const fields = parseInput(ZApiChangeFields, await mergePatch(actor, id, patch))
    const outcome = await withPrecondition(() => updateChange(actor, ref, fields))
    return Response.json({ change: await getChangeForApi(actor, id), outcome: outcome.kind })
  })
}
