import { getGateForViewer } from '@/lib/server/lifecycle/gate'
import { readJsonBody, withActor } from '@/lib/server/http/json-api'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import { ZScheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { parseInput } from '@/lib/server/validation'

type Context = { params: Promise<{ id: string }> }

/** GET → 200 { ok, checks, conflicts }: the scheduling gate as it stands now (read access is open to signed-in users). */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  return withActor(request, id, async (actor) => {
    const { gate, conflicts, crowding } = await getGateForViewer(actor, id)
    return Response.json({ ok: gate.ok, checks: gate.checks, conflicts, crowding })
  })
}

/**
 * POST { acknowledgedConflictIds?: string[], acknowledgeCrowding?: boolean, revision?: number }
 * → 200 { change: { id, number, status: 'SCHEDULED' } }, or 422 REFUSED with every failing reason.
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  return withActor(request, id, async (actor) => {
    const input = parseInput(ZScheduleChangeInput, { ...(await readJsonBody(request)), changeId: id })
    const { number } = await scheduleChange(actor, input)
    return Response.json({ change: { id, number, status: 'SCHEDULED' } })
  })
}
