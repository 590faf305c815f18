import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/authz'
import { AppError } from '@/lib/server/errors'
import { formatChangeNumber } from '@/lib/server/sign-offs/change-number'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { prisma } from '@/lib/server/db'
import type { TUnscheduleChangeInput } from './schedule-change.schema'

/** SCHEDULED → APPROVED by a change manager, with a reason; sign-offs stay valid. */
export async function unscheduleChange(actor: Actor, input: TUnscheduleChangeInput): Promise<void> {
  const change = await runTransaction(async (tx) => {
    if (!(await lockChange(tx, input.changeId))) throw new AppError('NOT_FOUND', 'This change does not exist.')
    const change = await tx.changeRequest.findUniqueOrThrow({
      where: { id: input.changeId },
      select: {
        id: true,
        number: true,
        status: true,
        type: true,
        requesterId: true,
        revision: true,
        approvers: { select: { userId: true } },
      },
    })
    assertCan(actor, 'change:unschedule', { ...change, approverIds: change.approvers.map((a) => a.userId) })
    if (change.status !== 'SCHEDULED') throw new AppError('CONFLICT', 'Only a scheduled change can be taken off the schedule.')
    await tx.changeRequest.update({ where: { id: change.id }, data: { status: 'APPROVED', version: { increment: 1 } } })
    await recordAudit(tx, [
      {
        action: 'change.unscheduled',
        actorId: actor.id,
        changeId: change.id,
        entityType: 'change',
        entityId: change.id,
        fromStatus: 'SCHEDULED',
        toStatus: 'APPROVED',
        details: { reason: input.reason, revision: change.revision },
      },
    ])
    return change
  })
  await prisma.notification
    .create({
      data: {
        userId: change.requesterId,
        changeId: change.id,
        message: `${actor.name} took ${formatChangeNumber(change.number)} off the schedule: ${input.reason}`,
      },
    })
    .catch((error: unknown) => console.error('Could not notify the requester', error))
}
