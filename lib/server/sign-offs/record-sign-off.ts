import 'server-only'
import { emitSignOffRecorded } from '@/lib/server/webhooks/lifecycle-events'
import { notify, type Notice } from '@/lib/server/notifications/notify'
import { ZSignOffInput, validateSignOff } from '@/lib/domain/sign-off'
import { chooseSeat, signedByInWords } from '@/lib/domain/approval-policy/delegation'
import { newlyOpenSeats, type PolicyEvaluation } from '@/lib/domain/approval-policy/evaluate'
import type { Actor } from '@/lib/domain/shared/types'
import type { ChangeStatus, SignOffDecision } from '@/lib/generated/prisma/client'
import { assertCan } from '@/lib/server/assert-can'
import { prisma, type Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { loadChange } from '@/lib/server/lifecycle/change'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import type { TRecordSignOffInput } from './schemas'
import { loadSignOffs, settleSignOffs } from '@/lib/server/lifecycle/sign-offs'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'
import { withDelegatedSeats } from './delegations'

export type RecordSignOffResult = { signOffId: string; decision: SignOffDecision; status: ChangeStatus; number: string }

/**
 * A written, signed decision on exactly the revision the approver read, in a
 * seat the policy asks now: the signer's own, or a delegator's under a running
 * delegation (recorded as the delegator's seat with the delegate named). The
 * checks are repeated inside the transaction that locks the change, so an edit
 * committed a moment earlier is never signed by mistake, and concurrent
 * sign-offs settle one after the other (a quorum approves exactly once).
 */
export async function recordSignOff(actor: Actor, input: TRecordSignOffInput): Promise<RecordSignOffResult> {
  const before = await withDelegatedSeats(prisma, actor, await loadChange(prisma, input.changeId), new Date())
  assertCan(actor, 'change:sign-off', before)
  const { changeId: _changeId, revision: _revision, fingerprint: _fingerprint, onBehalfOfId, ...fields } = input
  const validation = validateSignOff(fields, actor, before)
  if (!validation.ok) {
    const formError = validation.fieldErrors.form?.[0]
    throw new AppError('INVALID_INPUT', formError ?? 'Your sign-off needs attention.', { fieldErrors: validation.fieldErrors })
  }
  const { decision, statement, signature } = ZSignOffInput.parse(fields)

  const result = await runTransaction(async (tx) => {
    await lockChange(tx, input.changeId)
    const now = new Date()
    // The approver list and the delegations may have changed since the first read.
    const change = await withDelegatedSeats(tx, actor, await loadChange(tx, input.changeId), now)
    assertCan(actor, 'change:sign-off', change)
    if (change.fingerprint !== input.fingerprint || change.revision !== input.revision) {
      throw new AppError('CONFLICT', `The change was revised since you opened it — review revision ${change.revision} and sign again.`, {
        reasons: [{ code: 'REVISED', message: `The current revision is ${change.revision}.` }],
      })
    }
    if (change.status !== 'SUBMITTED') {
      throw new AppError('CONFLICT', `This change is not awaiting sign-off (it is ${change.status.toLowerCase()}).`)
    }
    const { state, approvers } = await loadSignOffs(tx, change)
    const evaluation = state.policy
    if (!evaluation) throw new AppError('CONFLICT', 'This change has no approval rules to sign against; a change manager must resubmit it.')
    const names = new Map(approvers.map((a) => [a.id, a.name]))
    const seat = chooseSeat({ signer: actor, onBehalfOfId, requesterId: change.requesterId, evaluation, delegations: change.delegations, names, now })
    if (!seat.ok) throw new AppError('REFUSED', seat.message, { fieldErrors: { form: [seat.message] } })
    const seatName = names.get(seat.seatId) ?? actor.name
    const earlier = await tx.signOff.findFirst({
      where: { changeId: change.id, approverId: seat.seatId, revisionNumber: change.revision },
      select: { decision: true },
    })
    if (earlier) {
      const whose = seat.onBehalfOf ? `${seatName}'s seat was already signed` : 'You already signed'
      throw new AppError('CONFLICT', `${whose} for revision ${change.revision} (${earlier.decision.toLowerCase()}); a decision cannot be changed.`)
    }
    const row = await tx.signOff.create({
      data: {
        changeId: change.id,
        approverId: seat.seatId,
        delegateId: seat.onBehalfOf ? actor.id : null,
        decision,
        statement: statement.trim(),
        signature: signature.trim(),
        revisionNumber: change.revision,
        fingerprint: input.fingerprint,
        signedAt: now,
      },
      select: { id: true },
    })
    // The audit trail carries the whole written decision, and both names when a delegate signed.
    await recordChangeAudit(tx, change.id, actor.id, [
      {
        action: 'signoff.recorded',
        details: {
          decision,
          statement: statement.trim(),
          signature: signature.trim(),
          revisionNumber: change.revision,
          fingerprint: input.fingerprint,
          ...(seat.onBehalfOf ? { onBehalfOf: { userId: seat.seatId, name: seatName }, signedBy: signedByInWords(seatName, actor.name) } : {}),
        },
      },
    ])
    const moved = await settleSignOffs(tx, change.id, now)
    const signedBy = signedByInWords(seatName, seat.onBehalfOf ? actor.name : null)
    // After settling, so the event carries the status the sign-off left the change in.
    await emitSignOffRecorded(
      tx,
      { id: row.id, decision, revision: change.revision, approver: { id: seat.seatId, name: seatName } },
      { id: change.id, number: change.number, statusAfter: moved ?? change.status },
    )
    await notify(decisionNotice(signedBy, change, { decision, statement: statement.trim(), moved }), { tx })
    if (moved === null) await askNextStage(tx, change, evaluation, signedBy)
    return {
      signOffId: row.id,
      decision,
      status: moved ?? change.status,
      number: formatChangeNumber(change.number),
    }
  })
  return result
}

/** A stage completed: the people of the stage that opened are asked now, not before. */
async function askNextStage(tx: Tx, change: { id: string; number: number; fingerprint: string | null }, before: PolicyEvaluation, signedBy: string): Promise<void> {
  const after = (await loadSignOffs(tx, change)).state.policy
  if (!after || after.vetoedBy.length > 0) return
  const userIds = newlyOpenSeats(before, after)
  if (userIds.length === 0) return
  const number = formatChangeNumber(change.number)
  await notify(
    { kind: 'sign-off-requested', userIds, changeId: change.id, message: `${number} passed its earlier approval stage (last signed by ${signedBy}) and now needs your sign-off.` },
    { tx },
  )
}

/** The requester hears every decision, in the same transaction as the sign-off; a rejection carries its statement. */
function decisionNotice(
  signedBy: string,
  change: { id: string; number: number; requesterId: string },
  signed: { decision: SignOffDecision; statement: string; moved: ChangeStatus | null },
): Notice {
  const number = formatChangeNumber(change.number)
  const verb = signed.decision === 'APPROVED' ? 'approved' : 'rejected'
  const sentences = [`${signedBy} ${verb} ${number}.`]
  if (signed.moved === 'APPROVED') sentences.push(`${number} meets its approval policy and can be scheduled.`)
  if (signed.moved === 'REJECTED') sentences.push(`${number} was rejected; revise it to submit it again.`)
  return {
    kind: 'decision',
    userIds: [change.requesterId],
    changeId: change.id,
    message: sentences.join(' '),
    detail: signed.decision === 'REJECTED' ? signed.statement : undefined,
  }
}
