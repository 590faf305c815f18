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

/**
 * The approver inbox: SUBMITTED changes on which the actor is a required
 * approver and has no decision for the current fingerprint, soonest window first.
 */
export async function listAwaitingSignOff(actor: Actor): Promise<AwaitingSignOff[]> {
  // Everyone may read changes; the inbox is simply scoped to the actor's own approvals.
  assertCan(actor, 'change:read')
  const changes = await prisma.changeRequest.findMany({
    where: { status: 'SUBMITTED', requesterId: { not: actor.id }, approvers: { some: { userId: actor.id } } },
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
      fingerprint: true,
      requester: { select: { name: true } },
      services: { select: { service: { select: { name: true } } } },
      signOffs: {
        where: { approverId: actor.id },
        select: { revisionNumber: true, fingerprint: true, decision: true },
        orderBy: { revisionNumber: 'desc' },
      },
    },
    orderBy: [{ windowStart: { sort: 'asc', nulls: 'last' } }, { number: 'asc' }],
  })
  const awaiting = changes.filter((c) => c.fingerprint !== null && !c.signOffs.some((s) => s.fingerprint === c.fingerprint))
  return Promise.all(
    awaiting.map(async (change) => {
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
        changesSinceLastSigned: last ? await diffSince(change.id, last.revisionNumber, change.revision) : [],
      }
    }),
  )
}

async function diffSince(changeId: string, signedRevision: number, currentRevision: number): Promise<MaterialDiffEntry[]> {
  const snapshots = await prisma.changeRevision.findMany({
    where: { changeId, number: { in: [signedRevision, currentRevision] } },
    select: { number: true, content: true },
  })
  const before = parseRevisionContent(snapshots.find((s) => s.number === signedRevision)?.content)
  const after = parseRevisionContent(snapshots.find((s) => s.number === currentRevision)?.content)
  if (!before || !after) return []
  const ids = [...new Set([...before.serviceIds, ...after.serviceIds])]
  const services = await prisma.service.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
  const names = new Map(services.map((s) => [s.id, s.name]))
  return diffMaterial(before, after, { serviceName: (id) => names.get(id) ?? 'a removed service' })
}
