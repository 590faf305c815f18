import 'server-only'
import type { Actor, ChangeStatus } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { loadChange } from '@/lib/server/lifecycle/change'
import { notify } from '@/lib/server/notifications/notify'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import type { TAddApproverInput, TRemoveApproverInput, TReplaceOwnerInput } from '@/lib/server/sign-offs/schemas'
import { settleSignOffs } from '@/lib/server/lifecycle/sign-offs'
import { refreshSnapshot, syncOwnerApprovers } from '@/lib/server/lifecycle/approvers'

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

const field = (message: string) => approverFieldError('userId', message)

/** A change manager names one more required approver (e.g. to replace a requester who owns a service). */
export async function addApprover(actor: Actor, input: TAddApproverInput): Promise<void> {
  await runTransaction(async (tx) => {
    if (!(await lockChange(tx, input.changeId))) throw new AppError('NOT_FOUND', 'This change does not exist.')
    const change = await loadChangeForApprovers(tx, actor, input.changeId)
    if (input.userId === change.requesterId) throw field('The requester cannot approve their own change.')
    if (change.approverIds.includes(input.userId)) throw field('This person is already a required approver.')
    const user = await findEligibleSigner(tx, input.userId)
    if (!user) throw field('Choose an active approver or change manager.')
    await tx.changeApprover.create({ data: { changeId: change.id, userId: input.userId, source: 'NOMINATED', addedById: actor.id } })
    await refreshSnapshot(tx, change, actor.id)
    await tx.changeRequest.update({ where: { id: change.id }, data: { version: { increment: 1 } } })
    await recordAudit(tx, [
      {
        action: 'approver.added',
        actorId: actor.id,
        changeId: change.id,
        entityType: 'change',
        entityId: change.id,
        details: { userId: input.userId, name: user.name, source: 'NOMINATED', revision: change.revision },
      },
    ])
    await notify(
      { kind: 'sign-off-requested', userIds: [input.userId], changeId: change.id, message: `${actor.name} asked you to sign off ${formatChangeNumber(change.number)}.` },
      { tx },
    )
  })
}

/**
 * A change manager (never the requester) drops a nominated approver, with a
 * reason. Service owners cannot be dropped, only replaced (replace-owner.ts):
 * otherwise the remaining sign-offs would approve a change its owner never saw.
 * Earlier decisions stay in the history; if everyone left has approved, the
 * change becomes APPROVED at once.
 */
export async function removeApprover(actor: Actor, input: TRemoveApproverInput): Promise<{ status: ChangeStatus }> {
  return runTransaction(async (tx) => {
    if (!(await lockChange(tx, input.changeId))) throw new AppError('NOT_FOUND', 'This change does not exist.')
    const change = await loadChangeForApprovers(tx, actor, input.changeId)
    const removed = await tx.changeApprover.findUnique({
      where: { changeId_userId: { changeId: change.id, userId: input.userId } },
      select: { source: true, user: { select: { name: true } } },
    })
    if (!removed)
      throw new AppError('INVALID_INPUT', 'This person is not a required approver.', { fieldErrors: { userId: ['Not an approver.'] } })
    if (removed.source === 'SERVICE_OWNER') {
      throw approverFieldError(
        'userId',
        `${removed.user.name} signs for an affected service as its owner: an owner cannot be removed, only replaced by a delegate or another owner, with a reason.`,
      )
    }
    if (removed.source === 'POLICY') {
      throw approverFieldError('userId', `${removed.user.name} is eligible under the change's approval policy: only nominated approvers can be removed.`)
    }
    if (change.approverIds.length === 1) {
      throw new AppError('INVALID_INPUT', 'A change needs at least one approver: add another one first.', {
        fieldErrors: { userId: ['Add another approver before removing the last one.'] },
      })
    }
    await tx.changeApprover.delete({ where: { changeId_userId: { changeId: change.id, userId: input.userId } } })
    await refreshSnapshot(tx, change, actor.id)
    await tx.changeRequest.update({ where: { id: change.id }, data: { version: { increment: 1 } } })
    await recordAudit(tx, [
      {
        action: 'approver.removed',
        actorId: actor.id,
        changeId: change.id,
        entityType: 'change',
        entityId: change.id,
        details: { userId: input.userId, name: removed.user.name, reason: input.reason, revision: change.revision },
      },
    ])
    const moved = await settleSignOffs(tx, change.id)
    return { status: moved ?? change.status }
  })
}

/**
 * A change manager (never the requester) gives a service owner's place on one
 * change to a delegate or another owner, with a written reason: for example
 * when the owner is on leave or has left. The replacement becomes a required
 * approver, the owner no longer is, and OwnerReplacement remembers it so later
 * edits derive the same approvers. Allowed on drafts too, so an inactive owner
 * can be replaced before submission. Audited; the replacement is notified.
 */
export async function replaceOwner(actor: Actor, input: TReplaceOwnerInput): Promise<{ status: ChangeStatus }> {
  const done = await runTransaction(async (tx) => {
    if (!(await lockChange(tx, input.changeId))) throw new AppError('NOT_FOUND', 'This change does not exist.')
    const change = await loadChangeForApprovers(tx, actor, input.changeId, ['DRAFT', 'SUBMITTED'])
    const owned = await tx.service.findMany({ where: { id: { in: [...change.serviceIds] }, ownerId: input.ownerId }, select: { name: true }, orderBy: { name: 'asc' } })
    const serviceNames = owned.map((s) => s.name)
    if (serviceNames.length === 0) throw approverFieldError('ownerId', 'Choose the owner of one of the affected services.')
    if (input.replacementId === change.requesterId) {
      throw approverFieldError('replacementId', 'The requester cannot sign their own change: choose someone else.')
    }
    if (input.replacementId === input.ownerId) throw approverFieldError('replacementId', 'Choose someone other than the owner being replaced.')
    const key = { changeId_ownerId: { changeId: change.id, ownerId: input.ownerId } }
    const current = await tx.ownerReplacement.findUnique({ where: key, select: { replacementId: true } })
    if (current?.replacementId === input.replacementId) {
      throw approverFieldError('replacementId', 'This person already signs in this owner’s place.')
    }
    const replacement = await findEligibleSigner(tx, input.replacementId)
    if (!replacement) throw approverFieldError('replacementId', 'Choose an active approver or change manager (a delegate or another owner).')
    const owner = await tx.user.findUniqueOrThrow({ where: { id: input.ownerId }, select: { name: true } })

    const data = { replacementId: input.replacementId, reason: input.reason, replacedById: actor.id, replacedAt: new Date() }
    await tx.ownerReplacement.upsert({ where: key, create: { changeId: change.id, ownerId: input.ownerId, ...data }, update: data })
    // A draft has no snapshot yet (submission resolves it); a submitted change's snapshot follows the replacement.
    if (change.status === 'DRAFT') await syncOwnerApprovers(tx, change, actor.id)
    else await refreshSnapshot(tx, change, actor.id)
    await tx.changeRequest.update({ where: { id: change.id }, data: { version: { increment: 1 } } })
    await recordAudit(tx, [
      {
        action: 'approver.replaced',
        actorId: actor.id,
        changeId: change.id,
        entityType: 'change',
        entityId: change.id,
        details: {
          userId: input.replacementId,
          name: replacement.name,
          source: 'SERVICE_OWNER',
          ownerId: input.ownerId,
          ownerName: owner.name,
          serviceNames,
          reason: input.reason,
          revision: change.revision,
        },
      },
    ])
    // The replacement may already have approved this revision (e.g. as a nominee).
    const moved = await settleSignOffs(tx, change.id)
    await notify(
      {
        kind: 'sign-off-requested',
        userIds: [input.replacementId],
        changeId: change.id,
        message: `${actor.name} asked you to sign off ${formatChangeNumber(change.number)} in place of a service owner.`,
      },
      { tx },
    )
    return { status: moved ?? change.status }
  })
  return { status: done.status }
}
