import 'server-only'
import { emitSignOffRecorded } from '@/lib/server/webhooks/lifecycle-events'
import { notify, type Notice } from '@/lib/server/notifications/notify'
import { ZSignOffInput, validateSignOff } from '@/lib/domain/sign-off'
import type { Actor } from '@/lib/domain/shared/types'
import type { ChangeStatus, SignOffDecision } from '@/lib/generated/prisma/client'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { loadChange } from '@/lib/server/lifecycle/change'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import type { TRecordSignOffInput } from './schemas'
import { settleSignOffs } from '@/lib/server/lifecycle/sign-offs'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'

export type RecordSignOffResult = { signOffId: string; decision: SignOffDecision; status: ChangeStatus; number: string }

/**
 * A written, signed decision on exactly the revision the approver read. The
 * checks are repeated inside the transaction that locks the change, so an edit
 * committed a moment earlier is never signed by mistake.
 */
export async function recordSignOff(actor: Actor, input: TRecordSignOffInput): Promise<RecordSignOffResult> {
  const before = await loadChange(prisma, input.changeId)
  assertCan(actor, 'change:sign-off', before)
  const { changeId: _changeId, revision: _revision, fingerprint: _fingerprint, ...fields } = input
  const validation = validateSignOff(fields, actor, before)
  if (!validation.ok) {
    const formError = validation.fieldErrors.form?.[0]
    throw new AppError('INVALID_INPUT', formError ?? 'Your sign-off needs attention.', { fieldErrors: validation.fieldErrors })
  }
  const { decision, statement, signature } = ZSignOffInput.parse(fields)

  const result = await runTransaction(async (tx) => {
    await lockChange(tx, input.changeId)
    const change = await loadChange(tx, input.changeId)
    // The approver list may have changed since the first read.
    assertCan(actor, 'change:sign-off', change)
    if (change.fingerprint !== input.fingerprint || change.revision !== input.revision) {
      throw new AppError('CONFLICT', `The change was revised since you opened it — review revision ${change.revision} and sign again.`, {
        reasons: [{ code: 'REVISED', message: `The current revision is ${change.revision}.` }],
      })
    }
    if (change.status !== 'SUBMITTED') {
      throw new AppError('CONFLICT', `This change is not awaiting sign-off (it is ${change.status.toLowerCase()}).`)
    }
    const earlier = await tx.signOff.findFirst({
      where: { changeId: change.id, approverId: actor.id, revisionNumber: change.revision },
      select: { decision: true },
    })
    if (earlier) {
      throw new AppError(
        'CONFLICT',
        `You already signed revision ${change.revision} (${earlier.decision.toLowerCase()}); a decision cannot be changed.`,
      )
    }
    const row = await tx.signOff.create({
      data: {
        changeId: change.id,
        approverId: actor.id,
        decision,
        statement: statement.trim(),
        signature: signature.trim(),
        revisionNumber: change.revision,
        fingerprint: input.fingerprint,
      },
      select: { id: true },
    })
    // The audit trail carries the whole written decision, so the record reads on its own.
    await recordChangeAudit(tx, change.id, actor.id, [
      {
        action: 'signoff.recorded',
        details: {
          decision,
          statement: statement.trim(),
          signature: signature.trim(),
          revisionNumber: change.revision,
          fingerprint: input.fingerprint,
        },
      },
    ])
    const moved = await settleSignOffs(tx, change.id)
    // After settling, so the event carries the status the sign-off left the change in.
    await emitSignOffRecorded(
      tx,
      { id: row.id, decision, revision: change.revision, approver: { id: actor.id, name: actor.name } },
      { id: change.id, number: change.number, statusAfter: moved ?? change.status },
    )
    await notify(decisionNotice(actor, change, { decision, statement: statement.trim(), moved }), { tx })
    return {
      signOffId: row.id,
      decision,
      status: moved ?? change.status,
      number: formatChangeNumber(change.number),
      requesterId: change.requesterId,
      moved,
    }
  })

  const { requesterId: _requesterId, moved: _moved, ...summary } = result
  return summary
}

/** The requester hears every decision, in the same transaction as the sign-off; a rejection carries its statement. */
function decisionNotice(
  actor: Actor,
  change: { id: string; number: number; requesterId: string },
  signed: { decision: SignOffDecision; statement: string; moved: ChangeStatus | null },
): Notice {
  const number = formatChangeNumber(change.number)
  const verb = signed.decision === 'APPROVED' ? 'approved' : 'rejected'
  const sentences = [`${actor.name} ${verb} ${number}.`]
  if (signed.moved === 'APPROVED') sentences.push(`${number} has every required sign-off and can be scheduled.`)
  if (signed.moved === 'REJECTED') sentences.push(`${number} was rejected; revise it to submit it again.`)
  return {
    kind: 'decision',
    userIds: [change.requesterId],
    changeId: change.id,
    message: sentences.join(' '),
    detail: signed.decision === 'REJECTED' ? signed.statement : undefined,
  }
}
