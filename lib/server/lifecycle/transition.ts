import 'server-only'
import type { AuditDraft } from '@/lib/domain/audit/events'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import {
  EVENT_ACTIONS,
  fieldOfReason,
  transition,
  type ChangeEvent,
  type DeploymentRef,
  type TransitionContext,
} from '@/lib/domain/change-request/state-machine'
import type { Actor, ChangeStatus, Reason } from '@/lib/domain/shared/types'
import type { Prisma } from '@/lib/generated/prisma/client'
import { env } from '@/lib/env'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/assert-can'
import { prisma, type Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { notify, type Notice } from '@/lib/server/notifications/notify'
import { watchersOf } from '@/lib/server/notifications/watchers'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { emitStatusChanged } from '@/lib/server/webhooks/lifecycle-events'
import { suspendTemplateAfterOutcome } from '@/lib/server/templates/suspend-template'
import type {
  TCancelChangeInput,
  TRecordOutcomeInput,
  TReviewChangeInput,
  TReviseRejectedChangeInput,
  TStartChangeInput,
} from './schemas'
import { assertVersion, loadChange } from './change'

// Moving a change from one status to the next: the refusal a blocked move
// becomes, the write of an allowed one with its audit, and the lifecycle
// events people trigger (cancel, start, outcome, review, reopen). Submitting
// and scheduling have their own use cases, which end in applyTransition here.

/**
 * A refused transition as an AppError: content problems become field errors
 * next to the fields (INVALID_INPUT); anything else is a REFUSED with reasons.
 */
export function refusal(reasons: readonly Reason[], message: string): AppError {
  const fieldErrors: Record<string, string[]> = {}
  const others: Reason[] = []
  for (const reason of reasons) {
    const field = fieldOfReason(reason)
    if (field) (fieldErrors[field.field] ??= []).push(reason.message)
    else others.push(reason)
  }
  if (others.length === 0 && Object.keys(fieldErrors).length > 0) {
    return new AppError('INVALID_INPUT', 'Some fields need attention before the change can be submitted.', { fieldErrors, reasons: [...reasons] })
  }
  const first = others[0]?.message
  return new AppError(others.some((r) => r.code === 'forbidden') ? 'FORBIDDEN' : 'REFUSED', first ? `${message}: ${first}` : message, {
    fieldErrors,
    reasons: [...reasons],
  })
}

/**
 * Writes an allowed transition: the new status (version bumped for optimistic
 * locking), the audit drafts the state machine returned and the webhook
 * events (change.status_changed, gate.changed), in the caller's transaction.
 */
export async function applyTransition(
  tx: Tx,
  changeId: string,
  result: { from: ChangeStatus; to: ChangeStatus; audit: AuditDraft[] },
  actorId: string | null,
  extraAudit: AuditDraft[] = [],
): Promise<void> {
  await tx.changeRequest.update({ where: { id: changeId }, data: { status: result.to, version: { increment: 1 } } })
  await recordChangeAudit(tx, changeId, actorId, [...extraAudit, ...result.audit])
  await emitStatusChanged(tx, changeId, result.from, result.to, actorId)
}

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
  context: Pick<TransitionContext, 'reason' | 'notes' | 'deployment'> = {},
  announce?: (outcome: TransitionOutcome, watcherIds: readonly string[]) => Omit<Notice, 'changeId'> | null,
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
    await emitStatusChanged(tx, change.id, result.from, result.to, actor.id)
    // A failure or rollback of a change from a standard template suspends the template with it.
    await suspendTemplateAfterOutcome(tx, change, result.to, actor.id)
    const outcome: TransitionOutcome = {
      id: change.id,
      number: formatChangeNumber(change.number),
      from: result.from,
      to: result.to,
      requesterId: change.requesterId,
      approverIds: [...change.approverIds],
    }
    // In the same transaction: a transition that rolls back tells nobody.
    const notice = announce ? announce(outcome, await watchersOf(tx, change.id)) : null
    if (notice) await notify({ ...notice, changeId: change.id }, { tx, except: actor.id })
    return outcome
  })
}

/** Withdraws a change before it runs; the reason is kept on the change and in the audit trail. */
export async function cancelChange(actor: Actor, input: TCancelChangeInput): Promise<TransitionOutcome> {
  return performTransition(actor, input, 'cancel', { reason: input.reason }, (outcome, watchers) => ({
    kind: 'cancelled',
    // Approvers and watchers only need to know once they were asked, i.e. after submission.
    userIds: outcome.from === 'DRAFT' ? [outcome.requesterId] : [outcome.requesterId, ...outcome.approverIds, ...watchers],
    message: `${actor.name} cancelled ${outcome.number}: ${input.reason.trim()}`,
    // Only a scheduled change was ever sent to calendars.
    calendar: outcome.from === 'SCHEDULED' ? 'cancel' : null,
  }))
}

/** SCHEDULED → IN_PROGRESS, only inside the window (opening START_GRACE_MINUTES early). */
export async function startChange(actor: Actor, input: TStartChangeInput, reported: { deployment?: DeploymentRef } = {}): Promise<TransitionOutcome> {
  return performTransition(actor, input, 'start', reported, (outcome, watchers) => ({
    kind: 'started',
    userIds: [outcome.requesterId, ...watchers],
    message: `${actor.name} started ${outcome.number}.`,
  }))
}

const VERBS = { complete: 'completed', rollBack: 'rolled back', fail: 'recorded a failure of' } as const

/** IN_PROGRESS → COMPLETED, ROLLED_BACK or FAILED, with outcome notes. */
export async function recordOutcome(actor: Actor, input: TRecordOutcomeInput, reported: { deployment?: DeploymentRef } = {}): Promise<TransitionOutcome> {
  // Everyone the communication plan covers: the requester, the approvers (service owners among them) and watchers.
  return performTransition(actor, input, input.outcome, { notes: input.notes, ...reported }, (outcome, watchers) => ({
    kind: 'outcome',
    userIds: [outcome.requesterId, ...outcome.approverIds, ...watchers],
    message: `${actor.name} ${VERBS[input.outcome]} ${outcome.number}.`,
    detail: input.notes.trim(),
  }))
}

/** COMPLETED, ROLLED_BACK or FAILED → CLOSED with the post-implementation review notes. */
export async function reviewChange(actor: Actor, input: TReviewChangeInput): Promise<TransitionOutcome> {
  return performTransition(actor, input, 'review', { notes: input.notes })
}

/** REJECTED → DRAFT: the requester reworks the change and submits it again as the next revision. */
export async function reviseRejectedChange(actor: Actor, input: TReviseRejectedChangeInput): Promise<TransitionOutcome> {
  return performTransition(actor, input, 'revise')
}
