import { withApiActor } from '@/lib/server/http/json-api'
import { listServicesForApi } from '@/lib/server/services/manage-services'

/** GET → 200 { services: [{ id, name, description, criticality, active, owner: { id, name } }] }. */
export async function GET(request: Request): Promise<Response> {
  return withApiActor(request, async (actor) => Response.json({ services: await listServicesForApi(actor) }))
}
