import 'server-only'
import { notify } from '@/lib/server/notifications/notify'
import { ZSignOffInput, validateSignOff } from '@/lib/domain/sign-off'
import type { Actor } from '@/lib/domain/shared/types'
import type { ChangeStatus, SignOffDecision } from '@/lib/generated/prisma/client'
import { assertCan } from '@/lib/server/authz'
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
    return {
      signOffId: row.id,
      decision,
      status: moved ?? change.status,
      number: formatChangeNumber(change.number),
      requesterId: change.requesterId,
      moved,
    }
  })

  await notifyRequester(actor, input.changeId, result)
  const { requesterId: _requesterId, moved: _moved, ...summary } = result
  return summary
}

/** After commit: a lost notice must never undo a signed decision. */
async function notifyRequester(
  actor: Actor,
  changeId: string,
  result: { decision: SignOffDecision; number: string; requesterId: string; moved: ChangeStatus | null },
): Promise<void> {
  const verb = result.decision === 'APPROVED' ? 'approved' : 'rejected'
  const messages = [`${actor.name} ${verb} ${result.number}.`]
  if (result.moved === 'APPROVED') messages.push(`${result.number} has every required sign-off and can be scheduled.`)
  if (result.moved === 'REJECTED') messages.push(`${result.number} was rejected; revise it to submit it again.`)
  for (const message of messages) await notify({ userIds: [result.requesterId], changeId, message })
}
