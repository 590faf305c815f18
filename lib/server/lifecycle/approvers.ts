import 'server-only'
import { requiredApprovers, type VacantOwnerSeat } from '@/lib/domain/sign-off/required-approvers'
import type { Tx } from '@/lib/server/db'

// Who must sign a change: owners of its services (or their replacements on
// this change) and nominees. Written when a change is created, submitted,
// revised, or an owner is replaced; each takes the caller's transaction.

/**
 * Who must sign: for each affected service its owner, or whoever replaces that
 * owner on this change (OwnerReplacement, so a replaced owner is never re-added
 * by a later edit), plus the nominated people, never the requester (the
 * domain's requiredApprovers). Inactive owners come back as vacant seats.
 */
export async function computeApprovers(
  tx: Tx,
  change: { id: string; requesterId: string },
  serviceIds: readonly string[],
  nominatedIds: readonly string[],
) {
  const signer = { select: { id: true, name: true, active: true } } as const
  const services = await tx.service.findMany({
    where: { id: { in: [...serviceIds] } },
    select: { id: true, name: true, owner: signer },
    orderBy: { name: 'asc' },
  })
  const replacements = await tx.ownerReplacement.findMany({ where: { changeId: change.id }, select: { ownerId: true, replacement: signer } })
  const nominated = await tx.user.findMany({ where: { id: { in: [...nominatedIds] } }, select: { id: true, name: true } })
  return requiredApprovers({ requesterId: change.requesterId, services, replacements, nominated })
}

/** Replaces every required approver (drafts and first submission, before anyone was asked). */
export async function replaceApprovers(
  tx: Tx,
  changeId: string,
  approvers: readonly { id: string; source: 'SERVICE_OWNER' | 'NOMINATED' }[],
  addedById: string,
): Promise<void> {
  await tx.changeApprover.deleteMany({ where: { changeId } })
  await tx.changeApprover.createMany({ data: approvers.map((a) => ({ changeId, userId: a.id, source: a.source, addedById })) })
}

/**
 * After a material edit or an owner replacement: whoever holds an owner's
 * place is a SERVICE_OWNER approver (a nominee who takes that place is
 * upgraded, so removing them as a nominee cannot empty the seat); owners of
 * services no longer affected, and replaced owners, are dropped. Nominated
 * approvers stay (the sign-off panel manages them). Vacant seats are returned
 * for the caller to refuse.
 */
export async function syncOwnerApprovers(
  tx: Tx,
  change: { id: string; requesterId: string; serviceIds: readonly string[] },
  actorId: string,
): Promise<{ approverIds: string[]; vacantSeats: VacantOwnerSeat[] }> {
  const { approvers, vacantSeats } = await computeApprovers(tx, change, change.serviceIds, [])
  const ownerIds = approvers.map((a) => a.id)
  await tx.changeApprover.deleteMany({ where: { changeId: change.id, source: 'SERVICE_OWNER', userId: { notIn: ownerIds } } })
  await tx.changeApprover.updateMany({ where: { changeId: change.id, userId: { in: ownerIds } }, data: { source: 'SERVICE_OWNER' } })
  await tx.changeApprover.createMany({
    data: ownerIds.map((userId) => ({ changeId: change.id, userId, source: 'SERVICE_OWNER' as const, addedById: actorId })),
    skipDuplicates: true,
  })
  const rows = await tx.changeApprover.findMany({ where: { changeId: change.id }, select: { userId: true } })
  return { approverIds: rows.map((r) => r.userId), vacantSeats }
}
