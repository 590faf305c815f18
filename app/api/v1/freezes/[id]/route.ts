import { getFreezeForApi } from '@/lib/server/freezes/api-freezes'
import { ZApiFreezeOccurrencesInput } from '@/lib/server/freezes/schemas'
import { withApiActor } from '@/lib/server/http/json-api'
import { parseInput } from '@/lib/server/validation'

type Context = { params: Promise<{ id: string }> }

/** GET ?from&to (ISO instants; default now and 90 days on; at most 400 days) → 200 { freeze, range, complete, occurrences }. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  return withApiActor(request, async (actor) => {
    const query = Object.fromEntries(new URL(request.url).searchParams)
    const input = parseInput(ZApiFreezeOccurrencesInput, { from: query.from, to: query.to, freezeId: id })
    return Response.json(await getFreezeForApi(actor, input))
  })
}
