import 'server-only'
import { notify } from '@/lib/server/notifications/notify'
import { watchersOf } from '@/lib/server/notifications/watchers'
import { transition } from '@/lib/domain/change-request/state-machine'
import { gateReasons } from '@/lib/domain/gate/scheduling-gate'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { lockChange, lockFreezeCalendar, runTransaction } from '@/lib/server/transaction'
import { loadChange } from '@/lib/server/lifecycle/change'
import { applyTransition } from '@/lib/server/lifecycle/transition'
import { evaluateGate } from '@/lib/server/lifecycle/gate'
import type { TScheduleChangeInput, TUnscheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { viewerTimeZone } from '@/lib/server/viewer'

/**
 * APPROVED → SCHEDULED through the scheduling gate. The gate is evaluated
 * again here, inside the transaction that holds the freeze-calendar lock and
 * the change row lock (docs/decisions/0003), whatever the button showed: a
 * sign-off, edit or freeze committed a moment earlier is seen; one committed
 * later waits for this transaction and then sees SCHEDULED.
 */
export async function scheduleChange(actor: Actor, input: TScheduleChangeInput): Promise<{ number: string }> {
  // Authorised before the locks, so a refused caller never queues on the freeze calendar; the change
  // is read again under the locks, and that one read feeds the gate.
  const before = await loadChange(prisma, input.changeId)
  assertCan(actor, 'change:schedule', before)

  // Refusal reasons name times in the scheduler's own zone.
  const timeZone = viewerTimeZone(actor)
  const scheduled = await runTransaction(async (tx) => {
    await lockFreezeCalendar(tx)
    await lockChange(tx, input.changeId)
    const change = await loadChange(tx, input.changeId)
    assertCan(actor, 'change:schedule', change)
    const now = new Date()
    const { gate, conflicts, crowding } = await evaluateGate(tx, change, {
      now,
      acknowledged: { conflictIds: input.acknowledgedConflictIds, crowding: input.acknowledgeCrowding },
      timeZone,
    })
    const reasons = gateReasons(gate)
    if (input.revision !== undefined && input.revision !== change.revision) {
      reasons.unshift({ code: 'revised', message: `The change was revised since you opened it — review revision ${change.revision}.` })
    }
    if (reasons.length > 0) throw new AppError('REFUSED', 'The change cannot be scheduled', { reasons })

    const numbers = conflicts.map((c) => c.number)
    const result = transition(change, 'schedule', actor, now, { gate, acknowledgedConflicts: numbers })
    if (!result.ok) throw new AppError('REFUSED', 'The change cannot be scheduled', { reasons: result.reasons })
    const acknowledged = conflicts.length > 0 || crowding?.exceeded === true
    await applyTransition(
      tx,
      change.id,
      result,
      actor.id,
      acknowledged ? [{ action: 'conflicts.acknowledged', details: { conflicts: numbers } }] : [],
    )
    const number = formatChangeNumber(change.number)
    // The requester and approvers (service owners among them) get it on their calendars, with the change.
    await notify(
      { kind: 'scheduled', userIds: [change.requesterId, ...change.approverIds, ...(await watchersOf(tx, change.id))], changeId: change.id, message: `${actor.name} scheduled ${number}.` },
      { tx, except: actor.id },
    )
    return { number }
  })
  return scheduled
}

/** SCHEDULED → APPROVED by a change manager, with a reason; the sign-offs stay valid. */
export async function unscheduleChange(actor: Actor, input: TUnscheduleChangeInput): Promise<void> {
  await runTransaction(async (tx) => {
    if (!(await lockChange(tx, input.changeId))) throw new AppError('NOT_FOUND', 'This change does not exist.')
    const change = await loadChange(tx, input.changeId)
    assertCan(actor, 'change:unschedule', change)
    const result = transition(change, 'unschedule', actor, new Date(), { reason: input.reason })
    if (!result.ok) throw new AppError('CONFLICT', 'The change cannot be taken off the schedule.', { reasons: result.reasons })
    await applyTransition(tx, change.id, result, actor.id)
    await notify(
      {
        kind: 'unscheduled',
        userIds: [change.requesterId, ...change.approverIds],
        changeId: change.id,
        message: `${actor.name} took ${formatChangeNumber(change.number)} off the schedule: ${input.reason}`,
      },
      { tx, except: actor.id },
    )
  })
}
