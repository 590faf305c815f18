import 'server-only'
import type { Actor, ChangeStatus } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { loadChange } from '@/lib/server/lifecycle/change'

/**
 * Locks nothing: call after lockChange. The change through the one loader,
 * then the policy. Adding and removing is for SUBMITTED changes; replacing an
 * owner also for drafts (an inactive owner blocks submission until replaced).
 */
export async function loadChangeForApprovers(tx: Tx, actor: Actor, changeId: string, statuses: readonly ChangeStatus[] = ['SUBMITTED']) {
  const change = await loadChange(tx, changeId)
  assertCan(actor, 'change:manage-approvers', change)
  // Only while approvers are being asked: changing who signs an APPROVED or
  // SCHEDULED change would bypass the sign-offs it already has.
  if (!statuses.includes(change.status)) {
    throw new AppError('CONFLICT', 'Approvers can be changed only while the change is awaiting sign-off.')
  }
  return change
}

/** A field error on the approver forms (the form keeps what was typed). */
export const approverFieldError = (field: string, message: string) => new AppError('INVALID_INPUT', message, { fieldErrors: { [field]: [message] } })

/** Delegates and owners alike must be able to sign: active approvers or change managers (as service owners must be). */
export async function findEligibleSigner(tx: Tx, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true, active: true, roles: true } })
  return user?.active && user.roles.some((r) => r === 'APPROVER' || r === 'CHANGE_MANAGER') ? user : null
}
