import 'server-only'
import { toMaterialContent } from '@/lib/domain/change-request/material'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import { AppError } from '@/lib/server/errors'
import { loadChange } from '@/lib/server/lifecycle/change'
import { runTransaction } from '@/lib/server/transaction'
import { insertDraft, type CreatedChange } from './create-draft-change'
import type { TCreateFollowUpInput } from './schemas'

/**
 * A new DRAFT linked to an earlier change: the retry of a rolled-back or
 * failed change, or the next stage of a programme split into steps. It starts
 * from the earlier content and services, with no window (a new one must be
 * chosen) and the actor as requester; it then goes through sign-off like any
 * other change.
 */
export async function createFollowUpChange(actor: Actor, input: TCreateFollowUpInput): Promise<CreatedChange> {
  assertCan(actor, 'change:create')
  return runTransaction(async (tx) => {
    const source = await loadChange(tx, input.changeId)
    if (source.status === 'DRAFT') throw new AppError('REFUSED', 'This change is still a draft: edit it instead of raising a follow-up.')
    // The earlier content, without its window: a retry or next stage needs a new one.
    const { windowStart: _start, windowEnd: _end, serviceIds, ...content } = toMaterialContent(source)
    // Nominated approvers carry over; owners are derived again from the services.
    const nominated = await tx.changeApprover.findMany({ where: { changeId: source.id, source: 'NOMINATED' }, select: { userId: true } })
    const created = await insertDraft(tx, actor, {
      ...content,
      title: `Follow-up to ${formatChangeNumber(source.number)}: ${source.title}`.slice(0, 200),
      windowStart: null,
      windowEnd: null,
      timeZone: 'UTC',
      serviceIds,
      approverIds: nominated.map((a) => a.userId).filter((id) => id !== actor.id),
    })
    await tx.changeRequest.update({ where: { id: created.id }, data: { previousChangeId: source.id } })
    return created
  })
}
