import 'server-only'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import type { Actor, ChangeStatus } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { syncOwnerApprovers } from '@/lib/server/lifecycle/approvers'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { approverFieldError, findEligibleSigner, loadChangeForApprovers } from './approver-rules'
import type { TReplaceOwnerInput } from './schemas'
import { settleSignOffs } from '@/lib/server/lifecycle/settle-sign-offs'

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
    await syncOwnerApprovers(tx, change, actor.id)
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
    return { status: moved ?? change.status, number: change.number }
  })
  await prisma.notification
    .create({
      data: {
        userId: input.replacementId,
        changeId: input.changeId,
        message: `${actor.name} asked you to sign off ${formatChangeNumber(done.number)} in place of a service owner.`,
      },
    })
    .catch((error: unknown) => console.error('Could not notify the replacement approver', error))
  return { status: done.status }
}
