import { withActor, readJsonBody } from '@/lib/server/http/json-api'
import { recordSignOff } from '@/lib/server/sign-offs/record-sign-off'
import { ZRecordSignOffInput } from '@/lib/server/sign-offs/schemas'
import { parseInput } from '@/lib/server/validation'

type Context = { params: Promise<{ id: string }> }

/**
 * POST { decision: 'APPROVED'|'REJECTED', statement, signature, revision, fingerprint }
 * → 201 { signOff, change }. The same use case as the change page: the requester
 * gets 403, a stale revision 409, a bad statement or signature 400 with fieldErrors.
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  return withActor(request, id, async (actor) => {
    const input = parseInput(ZRecordSignOffInput, { ...(await readJsonBody(request)), changeId: id })
    const result = await recordSignOff(actor, input)
    return Response.json(
      {
        signOff: { id: result.signOffId, decision: result.decision, revision: input.revision, fingerprint: input.fingerprint },
        change: { id, number: result.number, status: result.status },
      },
      { status: 201 },
    )
  })
}
