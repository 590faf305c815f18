import 'server-only'
import type { ChangeStatus } from '@/lib/generated/prisma/client'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { AppError } from '@/lib/server/errors'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { approverFieldError, loadChangeForApprovers } from './approver-rules'
import type { TRemoveApproverInput } from './schemas'
import { settleSignOffs } from '@/lib/server/lifecycle/settle-sign-offs'

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
    if (change.approverIds.length === 1) {
      throw new AppError('INVALID_INPUT', 'A change needs at least one approver: add another one first.', {
        fieldErrors: { userId: ['Add another approver before removing the last one.'] },
      })
    }
    await tx.changeApprover.delete({ where: { changeId_userId: { changeId: change.id, userId: input.userId } } })
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
