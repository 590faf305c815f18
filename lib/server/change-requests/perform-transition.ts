import 'server-only'
import { EVENT_ACTIONS, transition, type ChangeEvent, type TransitionContext } from '@/lib/domain/change-request/state-machine'
import type { Actor, ChangeStatus } from '@/lib/domain/shared/types'
import type { Prisma } from '@/lib/generated/prisma/client'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { env } from '@/lib/env'
import { AppError } from '@/lib/server/errors'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { refusal } from './change-audit'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { loadChange } from './change-row'
import { assertVersion } from './change-writes'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'

export type LifecycleEvent = Extract<ChangeEvent, 'cancel' | 'start' | 'complete' | 'rollBack' | 'fail' | 'review' | 'revise'>

export type TransitionOutcome = {
  id: string
  number: string
  from: ChangeStatus
  to: ChangeStatus
  requesterId: string
  approverIds: string[]
}

/** Columns each event records besides the status. */
function columnsFor(event: LifecycleEvent, ctx: TransitionContext, now: Date): Prisma.ChangeRequestUpdateInput {
  switch (event) {
    case 'cancel':
      return { cancelReason: ctx.reason?.trim() ?? '' }
    case 'start':
      return { startedAt: now }
    case 'complete':
    case 'rollBack':
    case 'fail':
      return { finishedAt: now, outcomeNotes: ctx.notes?.trim() ?? '' }
    case 'review':
      return { reviewNotes: ctx.notes?.trim() ?? '', reviewedAt: now }
    case 'revise':
      return {}
  }
}

/**
 * One lifecycle event that changes only the status (and its notes): load →
 * policy → domain transition under the change lock → status, columns and
 * audit in one transaction.
 */
export async function performTransition(
  actor: Actor,
  input: { changeId: string; version?: number | undefined },
  event: LifecycleEvent,
  context: Pick<TransitionContext, 'reason' | 'notes'> = {},
): Promise<TransitionOutcome> {
  const action = EVENT_ACTIONS[event]
  if (action === 'system-only') throw new AppError('FORBIDDEN', 'This happens automatically.')
  assertCan(actor, action, await loadChange(prisma, input.changeId))
  const ctx: TransitionContext = { ...context, startGraceMinutes: env().START_GRACE_MINUTES }

  return runTransaction(async (tx) => {
    await lockChange(tx, input.changeId)
    const change = await loadChange(tx, input.changeId)
    assertCan(actor, action, change)
    await assertVersion(tx, actor, change, input.version)
    const now = new Date()
    const result = transition(change, event, actor, now, ctx)
    if (!result.ok) throw refusal(result.reasons, 'This is not possible now')
    await tx.changeRequest.update({
      where: { id: change.id },
      data: { ...columnsFor(event, ctx, now), status: result.to, version: { increment: 1 } },
    })
    await recordChangeAudit(tx, change.id, actor.id, result.audit)
    return {
      id: change.id,
      number: formatChangeNumber(change.number),
      from: result.from,
      to: result.to,
      requesterId: change.requesterId,
      approverIds: [...change.approverIds],
    }
  })
}
