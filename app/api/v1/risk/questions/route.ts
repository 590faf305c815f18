import { withApiActor } from '@/lib/server/http/json-api'
import { getRiskQuestionnaireForApi } from '@/lib/server/risk/manage-risk'

/** GET → 200 { questions: [{ id, text, weight, riskyAnswer }], mediumScore, highScore }: the active risk questions, in order. */
export async function GET(request: Request): Promise<Response> {
  return withApiActor(request, async (actor) => Response.json(await getRiskQuestionnaireForApi(actor)))
}
