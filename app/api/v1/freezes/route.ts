import { listFreezesForApi } from '@/lib/server/freezes/api-freezes'
import { withApiActor } from '@/lib/server/http/json-api'

/** GET → 200 { freezes }: every freeze that is not archived, with its rule, scope and status. */
export async function GET(request: Request): Promise<Response> {
  return withApiActor(request, async (actor) => Response.json({ freezes: await listFreezesForApi(actor) }))
}
