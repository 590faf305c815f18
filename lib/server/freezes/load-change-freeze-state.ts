import 'server-only'
import { can } from '@/lib/domain/authz/policy'
import { exceptionHolds } from '@/lib/domain/freeze/exception'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '../assert-can'
import { prisma } from '../db'
import { findChangeConflicts } from '@/lib/server/lifecycle/conflicts'
import { checkFreezes } from '@/lib/server/lifecycle/freezes'
import { getGateForViewer } from '@/lib/server/lifecycle/gate'

/**
 * What the change page's freeze section shows: the freezes its window
 * overlaps (blocking or permitted, with the exact overlap), every exception
 * ever granted (lapsed ones marked: editing the change or the freeze voids them), the other
 * changes it collides with, and what the viewer may grant.
 */
export async function loadChangeFreezeState(actor: Actor, changeId: string) {
  assertCan(actor, 'change:read')
  const change = await prisma.changeRequest.findUnique({
    where: { id: changeId },
    include: {
      services: { select: { serviceId: true } },
      freezeExceptions: { include: { freeze: { select: { name: true, severity: true, revision: true } }, grantedBy: { select: { name: true } } }, orderBy: { createdAt: 'desc' } },
    },
  })
  if (!change) return null
  const serviceIds = change.services.map((s) => s.serviceId)
  const exceptions = change.freezeExceptions.map((e) => ({
    id: e.id,
    freezeName: e.freeze.name,
    severity: e.grantedSeverity,
    justification: e.justification,
    grantedBy: e.grantedBy.name,
    // Written by the change's own requester: the emergency's justification, not someone else's permission.
    byRequester: e.grantedById === change.requesterId,
    revision: e.revisionNumber,
    createdAt: e.createdAt,
    // Lapsed by a material edit of the change or an edit of the freeze.
    current: exceptionHolds(e, e.freeze, change.fingerprint),
  }))
  const base = {
    type: change.type,
    status: change.status,
    revision: change.revision,
    fingerprint: change.fingerprint,
    exceptions,
    canGrantSoft: can(actor, 'freeze-exception:grant-soft', change),
    canGrantHard: can(actor, 'freeze-exception:grant-hard', change) && change.type === 'EMERGENCY',
    // The emergency path: who cannot grant may still write why their emergency runs in a SOFT freeze.
    canJustify: can(actor, 'freeze-exception:justify-emergency', change),
    isRequester: change.requesterId === actor.id,
    grantable: ['SUBMITTED', 'APPROVED', 'SCHEDULED'].includes(change.status) && change.fingerprint !== null,
  }
  if (!change.windowStart || !change.windowEnd || change.windowStart >= change.windowEnd) {
    return { ...base, hasWindow: false as const, blocking: [], permitted: [], conflicts: [], crowding: null }
  }
  // A change with a fingerprint has a gate, and the page computes it once (per-request cache): reuse its
  // freeze and conflict checks. A draft has no gate yet, but its window is still checked.
  if (change.fingerprint !== null) {
    const { freeze, conflicts, crowding } = await getGateForViewer(actor, changeId)
    return { ...base, hasWindow: true as const, blocking: freeze.blocking, permitted: freeze.permitted, conflicts, crowding }
  }
  const window = { windowStart: change.windowStart, windowEnd: change.windowEnd }
  const freezes = await checkFreezes(prisma, { id: change.id, type: change.type, ...window, serviceIds, fingerprint: '' })
  const others = await findChangeConflicts(prisma, { id: change.id, ...window, serviceIds })
  return { ...base, hasWindow: true as const, blocking: freezes.blocking, permitted: freezes.permitted, conflicts: others.conflicts, crowding: others.crowding }
}
