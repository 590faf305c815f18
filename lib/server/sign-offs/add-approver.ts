import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { approverFieldError, findEligibleSigner, loadChangeForApprovers } from './approver-rules'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import type { TAddApproverInput } from './schemas'

const field = (message: string) => approverFieldError('userId', message)

/** A change manager names one more required approver (e.g. to replace a requester who owns a service). */
export async function addApprover(actor: Actor, input: TAddApproverInput): Promise<void> {
  const change = await runTransaction(async (tx) => {
    if (!(await lockChange(tx, input.changeId))) throw new AppError('NOT_FOUND', 'This change does not exist.')
    const change = await loadChangeForApprovers(tx, actor, input.changeId)
    if (input.userId === change.requesterId) throw field('The requester cannot approve their own change.')
    if (change.approverIds.includes(input.userId)) throw field('This person is already a required approver.')
    const user = await findEligibleSigner(tx, input.userId)
    if (!user) throw field('Choose an active approver or change manager.')
    await tx.changeApprover.create({ data: { changeId: change.id, userId: input.userId, source: 'NOMINATED', addedById: actor.id } })
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
    return change
  })
  await prisma.notification
    .create({
      data: {
        userId: input.userId,
        changeId: change.id,
        message: `${actor.name} asked you to sign off ${formatChangeNumber(change.number)}.`,
      },
    })
    .catch((error: unknown) => console.error('Could not notify the new approver', error))
}
