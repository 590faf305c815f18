import { createDraftChange } from '@/lib/server/change-requests/create-change'
import { getChangeForApi, listChangesForApi } from '@/lib/server/change-requests/api'
import { ZApiChangeFields, ZApiListChangesInput } from '@/lib/server/change-requests/schemas'
import { readJsonBody, withApiActor } from '@/lib/server/http/json-api'
import { parseInput } from '@/lib/server/validation'

/**
 * GET ?status&type&serviceId&requesterId&from&to&q&cursor → 200 { items, nextCursor }:
 * the change list's filters and order, 20 a page; pass nextCursor as cursor for the next page.
 */
export async function GET(request: Request): Promise<Response> {
  return withApiActor(request, async (actor) => {
    const input = parseInput(ZApiListChangesInput, Object.fromEntries(new URL(request.url).searchParams))
    return Response.json(await listChangesForApi(actor, input))
  })
}

/** POST { title, type?, purpose?, …, windowStart?, windowEnd?, serviceIds?, approverIds?, riskAnswers?, riskRaiseLevel?, riskRaiseReason? } → 201 { change }: a new DRAFT. */
export async function POST(request: Request): Promise<Response> {
  return withApiActor(request, async (actor) => {
    const fields = parseInput(ZApiChangeFields, await readJsonBody(request))
    const created = await createDraftChange(actor, fields)
    return Response.json({ change: await getChangeForApi(actor, created.id) }, { status: 201, headers: { location: `/api/v1/changes/${created.id}` } })
  })
}
