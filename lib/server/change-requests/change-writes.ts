import 'server-only'
import { requiredApprovers, type VacantOwnerSeat } from '@/lib/domain/sign-off/required-approvers'
import { diffMaterial } from '@/lib/domain/change-request/fingerprint'
import type { Actor } from '@/lib/domain/shared/types'
import { formatInZone } from '@/lib/domain/time/zoned'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import type { TChangeFields } from './change-fields.schema'
import { materialOf, type WritableSubject } from './change-row'

// Building blocks shared by the create, update and submit use cases. Each takes
// the caller's transaction: nothing here commits on its own.

/** The row columns a form save writes. */
export function contentData(fields: TChangeFields) {
  return {
    title: fields.title,
    type: fields.type,
    riskLevel: fields.riskLevel,
    purpose: fields.purpose,
    currentState: fields.currentState,
    futureState: fields.futureState,
    implementationPlan: fields.implementationPlan,
    rollbackPlan: fields.rollbackPlan,
    monitoringPlan: fields.monitoringPlan,
    testEvidence: fields.testEvidence,
    communicationPlan: fields.communicationPlan,
    impactDescription: fields.impactDescription,
    windowStart: fields.windowStart,
    windowEnd: fields.windowEnd,
  }
}

/** The change as it would be after saving the form. */
export function withFields(change: WritableSubject, fields: TChangeFields): WritableSubject {
  return { ...change, ...contentData(fields), serviceIds: fields.serviceIds }
}

/** Names of what a save changes (material fields by the domain's diff, plus the title). */
export function changedFieldNames(before: WritableSubject, after: WritableSubject): string[] {
  const names: string[] = before.title === after.title ? [] : ['title']
  return [...names, ...diffMaterial(materialOf(before), materialOf(after)).map((d) => d.field)]
}

/**
 * Optimistic locking: the form carries the version it was loaded with. Call
 * after lockChange, so the check and the write see the same row.
 */
export async function assertVersion(tx: Tx, actor: Actor, change: WritableSubject, version: number | undefined): Promise<void> {
  if (version === undefined || version === change.version) return
  const last = await tx.auditEvent.findFirst({
    where: { changeId: change.id, actorId: { not: null } },
    orderBy: { id: 'desc' },
    select: { at: true, actor: { select: { name: true } } },
  })
  const viewer = await tx.user.findUnique({ where: { id: actor.id }, select: { timeZone: true } })
  const who = last?.actor?.name ?? 'someone else'
  const when = last ? ` at ${formatInZone(last.at, viewer?.timeZone ?? 'UTC')}` : ''
  throw new AppError('CONFLICT', `This change was modified by ${who}${when} — reload to see their version.`, {
    reasons: [{ code: 'stale-version', message: `You edited version ${version}; the change is now at version ${change.version}.` }],
  })
}

/** Services must exist and be active; approvers must be active approvers or change managers. */
export async function assertReferences(tx: Tx, fields: TChangeFields, keepServiceIds: readonly string[] = []): Promise<void> {
  const fieldErrors: Record<string, string[]> = {}
  if (fields.serviceIds.length > 0) {
    const found = await tx.service.findMany({ where: { id: { in: fields.serviceIds } }, select: { id: true, active: true } })
    // An inactive service already on the change may stay; it cannot be newly added.
    const ok = found.filter((s) => s.active || keepServiceIds.includes(s.id))
    if (ok.length !== fields.serviceIds.length) fieldErrors.serviceIds = ['Choose active services from the list.']
  }
  if (fields.approverIds.length > 0) {
    const found = await tx.user.count({
      where: { id: { in: fields.approverIds }, active: true, roles: { hasSome: ['APPROVER', 'CHANGE_MANAGER'] } },
    })
    if (found !== fields.approverIds.length) fieldErrors.approverIds = ['Choose approvers from the list of active approvers.']
  }
  if (Object.keys(fieldErrors).length > 0) throw new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors })
}

/** Replaces the change's affected services. */
export async function writeServices(tx: Tx, changeId: string, serviceIds: readonly string[]): Promise<void> {
  await tx.changeService.deleteMany({ where: { changeId, serviceId: { notIn: [...serviceIds] } } })
  await tx.changeService.createMany({ data: serviceIds.map((serviceId) => ({ changeId, serviceId })), skipDuplicates: true })
}

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
