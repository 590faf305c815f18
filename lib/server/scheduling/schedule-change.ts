import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { formatChangeNumber } from '@/lib/server/sign-offs/change-number'
import { lockChange, lockFreezeCalendar, runTransaction } from '@/lib/server/transaction'
import { evaluateGate } from './evaluate-gate'
import { gateReasons } from '@/lib/domain/gate/scheduling-gate'
import type { TScheduleChangeInput } from './schedule-change.schema'

/**
 * APPROVED → SCHEDULED through the scheduling gate. The gate is evaluated
 * again here, inside the transaction that holds the freeze-calendar lock and
 * the change row lock (docs/decisions/0003), whatever the button showed: a
 * sign-off, edit or freeze committed a moment earlier is seen, one committed
 * later waits for this transaction and then sees SCHEDULED.
 */
export async function scheduleChange(actor: Actor, input: TScheduleChangeInput): Promise<{ number: string }> {
  const before = await evaluateGate(prisma, input.changeId, { now: new Date() })
  assertCan(actor, 'change:schedule', before.change)

  const scheduled = await runTransaction(async (tx) => {
    await lockFreezeCalendar(tx)
    await lockChange(tx, input.changeId)
    const { change, gate, conflicts, crowding, freeze } = await evaluateGate(tx, input.changeId, {
      now: new Date(),
      acknowledged: { conflictIds: input.acknowledgedConflictIds, crowding: input.acknowledgeCrowding },
    })
    assertCan(actor, 'change:schedule', change)
    const reasons = gateReasons(gate)
    if (input.revision !== undefined && input.revision !== change.revision) {
      reasons.unshift({ code: 'REVISED', message: `The change was revised since you opened it — review revision ${change.revision}.` })
    }
    if (reasons.length > 0) throw new AppError('REFUSED', 'The change cannot be scheduled', { reasons })

    await tx.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED', version: { increment: 1 } } })
    const common = { actorId: actor.id, changeId: change.id, entityType: 'change' as const, entityId: change.id }
    await recordAudit(tx, [
      ...(conflicts.length > 0 || crowding?.exceeded
        ? [
            {
              ...common,
              action: 'conflicts.acknowledged',
              details: {
                revision: change.revision,
                crowding: crowding?.exceeded ? crowding : null,
                conflicts: conflicts.map((c) => ({
                  id: c.id,
                  number: c.number,
                  services: c.serviceNames,
                  overlap: { start: c.overlap.start.toISOString(), end: c.overlap.end.toISOString() },
                })),
              },
            },
          ]
        : []),
      {
        ...common,
        action: 'change.scheduled',
        fromStatus: 'APPROVED',
        toStatus: 'SCHEDULED',
        details: {
          revision: change.revision,
          fingerprint: change.fingerprint,
          // The freeze exceptions the schedule relies on, for the record.
          freezeExceptions: freeze.permitted.map((p) => ({ freeze: p.name, severity: p.severity })),
        },
      },
    ])
    return { ...change, number: formatChangeNumber(change.number) }
  })

  await notify(actor, scheduled)
  return { number: scheduled.number }
}

/** After commit: the requester and approvers learn the change is on the calendar (a failed notice is logged, not fatal). */
async function notify(actor: Actor, change: { id: string; number: string; requesterId: string; approverIds: readonly string[] }) {
  const recipients = [...new Set([change.requesterId, ...change.approverIds])].filter((id) => id !== actor.id)
  const message = `${actor.name} scheduled ${change.number}.`
  await prisma.notification
    .createMany({ data: recipients.map((userId) => ({ userId, changeId: change.id, message })) })
    .catch((error: unknown) => console.error('Could not send scheduling notices', error))
}
