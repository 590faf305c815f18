import 'server-only'
import { diffMaterial, type MaterialDiffEntry } from '@/lib/domain/change-request/fingerprint'
import type { Actor } from '@/lib/domain/shared/types'
import type { ChangeType, RiskLevel } from '@/lib/generated/prisma/client'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { parseRevisionContent } from './revision-content'

export type AwaitingSignOff = {
  id: string
  number: string
  title: string
  type: ChangeType
  riskLevel: RiskLevel
  purpose: string
  requesterName: string
  windowStart: Date | null
  windowEnd: Date | null
  revision: number
  serviceNames: string[]
  /** The revision this approver last decided on, when it is an older one. */
  lastSigned: { revision: number; decision: 'APPROVED' | 'REJECTED' } | null
  /** What changed since lastSigned (empty when there is none, or no snapshot). */
  changesSinceLastSigned: MaterialDiffEntry[]
}

/** The inbox shows the soonest this many; the rest follow as those are decided. */
export const INBOX_LIMIT = 100

/**
 * The approver inbox: SUBMITTED changes on which the actor is a required
 * approver and has no decision for the current fingerprint, soonest window
 * first, at most `limit`. The selection runs in SQL (index on status and
 * window, then the approver and sign-off keys per row), so its cost does not
 * grow with the years of history behind it.
 */
export async function listAwaitingSignOff(actor: Actor, limit = INBOX_LIMIT): Promise<AwaitingSignOff[]> {
  // Everyone may read changes; the inbox is simply scoped to the actor's own approvals.
  assertCan(actor, 'change:read')
  const waiting = await prisma.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM "ChangeRequest" c
     WHERE c.status = 'SUBMITTED' AND c."requesterId" <> ${actor.id}::uuid AND c.fingerprint IS NOT NULL
       AND EXISTS (SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = c.id AND a."userId" = ${actor.id}::uuid)
       AND NOT EXISTS (SELECT 1 FROM "SignOff" s WHERE s."changeId" = c.id AND s."approverId" = ${actor.id}::uuid AND s.fingerprint = c.fingerprint)
     ORDER BY c."windowStart" ASC NULLS LAST, c.number DESC
     LIMIT ${limit}`
  const order = new Map(waiting.map((row, index) => [row.id, index]))
  const loaded = await prisma.changeRequest.findMany({
    where: { id: { in: [...order.keys()] } },
    select: {
      id: true,
      number: true,
      title: true,
      type: true,
      riskLevel: true,
      purpose: true,
      windowStart: true,
      windowEnd: true,
      revision: true,
      requester: { select: { name: true } },
      services: { select: { service: { select: { name: true } } } },
      signOffs: {
        where: { approverId: actor.id },
        select: { revisionNumber: true, decision: true },
        orderBy: { revisionNumber: 'desc' },
      },
    },
  })
  const awaiting = loaded.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
  const diffs = await diffsSinceLastSigned(awaiting.map((c) => ({ id: c.id, signed: c.signOffs[0]?.revisionNumber, current: c.revision })))
  return awaiting.map((change) => {
    const last = change.signOffs[0]
    return {
      id: change.id,
      number: formatChangeNumber(change.number),
      title: change.title,
      type: change.type,
      riskLevel: change.riskLevel,
      purpose: change.purpose,
      requesterName: change.requester.name,
      windowStart: change.windowStart,
      windowEnd: change.windowEnd,
      revision: change.revision,
      serviceNames: change.services.map((s) => s.service.name).sort(),
      lastSigned: last ? { revision: last.revisionNumber, decision: last.decision } : null,
      changesSinceLastSigned: diffs.get(change.id) ?? [],
    }
  })
}

/**
 * What changed since each approver's last decision, for every change in the
 * inbox at once: one query for the snapshots and one for service names,
 * however many changes wait (not two per change).
 */
async function diffsSinceLastSigned(changes: { id: string; signed: number | undefined; current: number }[]): Promise<Map<string, MaterialDiffEntry[]>> {
  const wanted = changes.filter((c): c is { id: string; signed: number; current: number } => c.signed !== undefined)
  if (wanted.length === 0) return new Map()
  const snapshots = await prisma.changeRevision.findMany({
    where: { OR: wanted.map((c) => ({ changeId: c.id, number: { in: [c.signed, c.current] } })) },
    select: { changeId: true, number: true, content: true },
  })
  const byKey = new Map(snapshots.map((s) => [`${s.changeId}:${s.number}`, s.content]))
  const content = (changeId: string, number: number) => parseRevisionContent(byKey.get(`${changeId}:${number}`))
  const pairs = wanted.map((c) => ({ id: c.id, before: content(c.id, c.signed), after: content(c.id, c.current) }))
  const serviceIds = [...new Set(pairs.flatMap((p) => [...(p.before?.serviceIds ?? []), ...(p.after?.serviceIds ?? [])]))]
  const services = await prisma.service.findMany({ where: { id: { in: serviceIds } }, select: { id: true, name: true } })
  const names = new Map(services.map((s) => [s.id, s.name]))
  const diffs = new Map<string, MaterialDiffEntry[]>()
  for (const { id, before, after } of pairs) {
    if (before && after) diffs.set(id, diffMaterial(before, after, { serviceName: (serviceId) => names.get(serviceId) ?? 'a removed service' }))
  }
  return diffs
}
