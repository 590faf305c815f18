import 'server-only'
import { can } from '@/lib/domain/authz/policy'
import { parseChangeNumber } from '@/lib/domain/change-request/number'
import { isWellFormed, windowOf, type Interval } from '@/lib/domain/freeze/overlap'
import {
  evaluatePipelineGate,
  type PipelineCandidate,
  type PipelineGateResult,
  type PipelineReason,
  type PipelineService,
} from '@/lib/domain/gate/pipeline-gate'
import type { Actor } from '@/lib/domain/shared/types'
import { AppError } from '@/lib/server/errors'
import type { Tx } from '@/lib/server/db'
import { loadFreezesInRange, loadHoldingExceptions } from './freezes'
import { loadSignOffs } from './sign-offs'

// The pipeline gate's loader: everything evaluatePipelineGate decides on, read
// afresh on every call with bounded, indexed queries, and the fail-closed
// wrapper the route uses (any error is a DENY with a reason, never an ALLOW).

const DAY = 86_400_000
/** How far ahead a change's window may open and still make the answer PENDING rather than DENY. */
export const GATE_LOOKAHEAD_MS = DAY
/** How far past the interval freezes are read to say until when an ALLOW holds. */
export const GATE_FREEZE_HORIZON_MS = 31 * DAY
/** Candidate changes considered per call (soonest window first): far above any real board. */
export const MAX_GATE_CANDIDATES = 20

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type PipelineGateQuery = {
  /** Service ids or exact names, as given. */
  services: readonly string[]
  interval: Interval
  /** CHG-000123, 123 or a change id. */
  change?: string | undefined
}

/** Service ids or exact names → services; the references that match nothing are returned as such. */
async function resolveServices(db: Tx, refs: readonly string[]): Promise<{ services: PipelineService[]; unknown: string[] }> {
  const ids = refs.filter((r) => UUID.test(r))
  const rows = await db.service.findMany({
    where: { OR: [{ id: { in: ids } }, { name: { in: [...refs] } }] },
    select: { id: true, name: true },
    take: refs.length * 2,
  })
  const services = new Map<string, PipelineService>()
  const unknown: string[] = []
  for (const ref of refs) {
    const row = rows.find((r) => r.id.toLowerCase() === ref.toLowerCase() || r.name === ref)
    if (row) services.set(row.id, row)
    else unknown.push(ref)
  }
  return { services: [...services.values()], unknown }
}

async function resolveChangeId(db: Tx, ref: string): Promise<string | null> {
  if (UUID.test(ref)) return (await db.changeRequest.findUnique({ where: { id: ref }, select: { id: true } }))?.id ?? null
  const number = parseChangeNumber(ref)
  if (number === null) return null
  return (await db.changeRequest.findUnique({ where: { number }, select: { id: true } }))?.id ?? null
}

/**
 * Changes in flight on any of the services whose window reaches [start, end + lookahead):
 * the partial GiST index on windows and the (serviceId, changeId) index, at most MAX_GATE_CANDIDATES.
 */
async function candidateIds(db: Tx, serviceIds: readonly string[], interval: Interval): Promise<string[]> {
  const until = new Date(interval.end.getTime() + GATE_LOOKAHEAD_MS)
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id
      FROM "ChangeRequest" c
     WHERE c.status IN ('SUBMITTED', 'APPROVED', 'SCHEDULED', 'IN_PROGRESS')
       AND c."window" && tstzrange(${interval.start}::timestamptz, ${until}::timestamptz, '[)')
       AND EXISTS (SELECT 1 FROM "ChangeService" cs WHERE cs."changeId" = c.id AND cs."serviceId" = ANY(${[...serviceIds]}::uuid[]))
     ORDER BY c."windowStart", c.number
     LIMIT ${MAX_GATE_CANDIDATES}`
  return rows.map((r) => r.id)
}

async function loadCandidates(db: Tx, ids: readonly string[]): Promise<PipelineCandidate[]> {
  if (ids.length === 0) return []
  const rows = await db.changeRequest.findMany({
    where: { id: { in: [...ids] } },
    select: {
      id: true,
      number: true,
      status: true,
      type: true,
      revision: true,
      fingerprint: true,
      windowStart: true,
      windowEnd: true,
      services: { select: { serviceId: true } },
    },
  })
  const candidates: PipelineCandidate[] = []
  // Sequential on purpose: inside a transaction one connection serves every query.
  for (const row of rows) {
    const { state } = await loadSignOffs(db, row)
    candidates.push({
      id: row.id,
      number: row.number,
      status: row.status,
      type: row.type,
      revision: row.revision,
      fingerprint: row.fingerprint,
      window: windowOf(row),
      serviceIds: row.services.map((s) => s.serviceId),
      signOffs: state,
    })
  }
  return candidates
}

/**
 * Loads and decides. Throws only on database errors: fail-closed handling is
 * the caller's (decidePipelineGate below), so tests can see both layers.
 */
export async function loadAndEvaluatePipelineGate(db: Tx, query: PipelineGateQuery, now: Date): Promise<PipelineGateResult> {
  const { interval } = query
  const problems: PipelineReason[] = []
  const { services, unknown } = await resolveServices(db, query.services)
  if (unknown.length > 0) {
    problems.push({ code: 'UNKNOWN_SERVICE', message: `No service has the id or exact name ${unknown.map((u) => `"${u}"`).join(', ')}.`, services: unknown })
  }
  let requestedChangeId: string | null = null
  if (query.change !== undefined) {
    requestedChangeId = await resolveChangeId(db, query.change)
    if (requestedChangeId === null) problems.push({ code: 'NO_AUTHORISING_CHANGE', message: `No change ${query.change} exists.` })
  }
  const serviceIds = services.map((s) => s.id)
  const ids = serviceIds.length > 0 && isWellFormed(interval) ? await candidateIds(db, serviceIds, interval) : []
  if (requestedChangeId && !ids.includes(requestedChangeId)) ids.push(requestedChangeId)
  const candidates = await loadCandidates(db, ids)
  // Freezes from the interval's start to the furthest window end of a candidate (bounded), so validUntil can be told.
  const furthest = Math.max(interval.end.getTime(), ...candidates.map((c) => c.window?.end.getTime() ?? 0))
  const horizon = { start: interval.start, end: new Date(Math.min(furthest, interval.end.getTime() + GATE_FREEZE_HORIZON_MS)) }
  const freezes = serviceIds.length > 0 && isWellFormed(horizon) ? await loadFreezesInRange(db, horizon, { serviceIds }) : []
  const exceptions = await loadHoldingExceptions(db, candidates)
  return evaluatePipelineGate({ interval, now, services, candidates, requestedChangeId, freezes, horizon, exceptions, problems })
}

/** A DENY for when the gate could not decide: the reason says why; nothing else is claimed. */
export function gateFailure(atTime: Date, message: string): PipelineGateResult {
  return {
    decision: 'DENY',
    state: 'CLOSED',
    atTime,
    nextTransitionAt: null,
    validUntil: null,
    retryAfterSeconds: null,
    change: null,
    reasons: [{ code: 'GATE_ERROR', message }],
  }
}

/**
 * The gate for a signed-in caller, fail closed: whatever goes wrong while
 * loading or deciding (the database is down, a query times out, a bug) is a
 * DENY naming the failure, logged on the server. Reading the gate is reading
 * the calendar (`calendar:read`), and the answer names a change, so the
 * caller must also be allowed to read changes (`change:read`).
 */
export async function decidePipelineGate(
  db: Tx,
  actor: Actor,
  query: PipelineGateQuery,
  now: Date = new Date(),
): Promise<PipelineGateResult> {
  if (!can(actor, 'calendar:read') || !can(actor, 'change:read')) throw new AppError('FORBIDDEN', 'You may not read the change calendar.')
  try {
    return await loadAndEvaluatePipelineGate(db, query, now)
  } catch (error) {
    console.error('changeboard: the pipeline gate failed closed', error)
    return gateFailure(query.interval.start, 'The gate could not be evaluated (the database did not answer), so deployment is denied. Try again shortly.')
  }
}
