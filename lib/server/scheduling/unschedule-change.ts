import 'server-only'
import { transition } from '@/lib/domain/change-request/state-machine'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { loadChange } from '@/lib/server/lifecycle/change'
import { applyTransition } from '@/lib/server/lifecycle/transition'
import type { TUnscheduleChangeInput } from './schemas'

/** SCHEDULED → APPROVED by a change manager, with a reason; the sign-offs stay valid. */
export async function unscheduleChange(actor: Actor, input: TUnscheduleChangeInput): Promise<void> {
  const change = await runTransaction(async (tx) => {
    if (!(await lockChange(tx, input.changeId))) throw new AppError('NOT_FOUND', 'This change does not exist.')
    const change = await loadChange(tx, input.changeId)
    assertCan(actor, 'change:unschedule', change)
    const result = transition(change, 'unschedule', actor, new Date(), { reason: input.reason })
    if (!result.ok) throw new AppError('CONFLICT', 'The change cannot be taken off the schedule.', { reasons: result.reasons })
    await applyTransition(tx, change.id, result, actor.id)
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
