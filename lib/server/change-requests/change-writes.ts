import 'server-only'
import { diffMaterial } from '@/lib/domain/change-request/fingerprint'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import type { RiskAnswers } from '@/lib/domain/risk/questionnaire'
import type { TChangeFields } from './schemas'
import { materialOf, type WritableSubject } from '@/lib/server/lifecycle/change'

// Building blocks shared by the create, update and submit use cases. Each takes
// the caller's transaction: nothing here commits on its own.

/** The row columns a form save writes. */
export function contentData(fields: TChangeFields) {
  return {
    title: fields.title,
    type: fields.type,
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

/** The change as it would be after saving the form (its risk level not yet recomputed). */
export function withFields(change: WritableSubject, fields: TChangeFields, riskAnswers: RiskAnswers): WritableSubject {
  return { ...change, ...contentData(fields), serviceIds: fields.serviceIds, riskAnswers, riskRaise: fields.riskRaise }
}

/** Names of what a save changes (material fields by the domain's diff, plus the title). */
export function changedFieldNames(before: WritableSubject, after: WritableSubject): string[] {
  const names: string[] = before.title === after.title ? [] : ['title']
  return [...names, ...diffMaterial(materialOf(before), materialOf(after)).map((d) => d.field)]
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
