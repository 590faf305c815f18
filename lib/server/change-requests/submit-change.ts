import 'server-only'
import { emitStatusChanged } from '@/lib/server/webhooks/lifecycle-events'
import { transition } from '@/lib/domain/change-request/state-machine'
import { vacantOwnerReasons } from '@/lib/domain/change-request/submission'
import type { Actor, Reason } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma, type Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { refusal } from '@/lib/server/lifecycle/transition'
import { notify } from '@/lib/server/notifications/notify'
import { watchersOf } from '@/lib/server/notifications/watchers'
import { emergencyCreatedNotice } from '@/lib/domain/notifications/emergency-notice'
import type { TChangeFields, TChangeRef } from './schemas'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { assertVersion, loadChange, materialOf, type WritableSubject } from '@/lib/server/lifecycle/change'
import { computeApprovers, replaceApprovers } from '@/lib/server/lifecycle/approvers'
import { insertDraft } from '@/lib/server/change-requests/create-change'
import { saveEdits } from '@/lib/server/change-requests/update-change'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'

export type SubmitChangeInput = {
  /** Absent for a brand-new change submitted straight from the form. */
  ref?: TChangeRef
  /** The form's values, saved onto the draft in the same transaction. */
  fields?: TChangeFields
}

export type SubmittedChange = { id: string; number: string; revision: number; approverIds: string[] }

/**
 * DRAFT → SUBMITTED. Saves the form (if any), names the required approvers
 * (owners of the affected services + nominated, never the requester),
 * snapshots the next revision and audits it, all in one transaction: a refused
 * submit leaves nothing behind, not even a used change number.
 */
export async function submitChange(actor: Actor, input: SubmitChangeInput): Promise<SubmittedChange> {
  if (input.ref) assertCan(actor, 'change:submit', await loadChange(prisma, input.ref.changeId))
  else assertCan(actor, 'change:create')
  const now = new Date()

  const submitted = await runTransaction(async (tx) => {
    const change = await prepare(tx, actor, input, now)
    const nominated = await tx.changeApprover.findMany({ where: { changeId: change.id, source: 'NOMINATED' }, select: { userId: true } })
    const required = await computeApprovers(
      tx,
      change,
      change.serviceIds,
      nominated.map((n) => n.userId),
    )
    const approverIds = required.approvers.map((a) => a.id)
    const result = transition({ ...change, approverIds }, 'submit', actor, now)
    const reasons = [...vacantOwnerReasons(required.vacantSeats), ...(result.ok ? [] : result.reasons)]
    if (!result.ok || reasons.length > 0) throw refusal(explain(reasons, required.excludedRequester), 'The change cannot be submitted')
    const revision = result.revision
    if (!revision) throw new Error('submit must mint a revision')

    await replaceApprovers(tx, change.id, required.approvers, actor.id)
    await tx.changeRequest.update({
      where: { id: change.id },
      data: { status: result.to, revision: revision.number, fingerprint: revision.fingerprint, version: { increment: 1 } },
    })
    await tx.changeRevision.create({
      data: { changeId: change.id, number: revision.number, fingerprint: revision.fingerprint, content: materialOf(change), createdById: actor.id },
    })
    await recordChangeAudit(tx, change.id, actor.id, result.audit)
    await emitStatusChanged(tx, change.id, result.from, result.to, actor.id)
    const number = formatChangeNumber(change.number)
    await notify({ kind: 'sign-off-requested', userIds: approverIds, changeId: change.id, message: `${actor.name} submitted ${number} for your sign-off.` }, { tx })
    if (change.type === 'EMERGENCY') await notifyEmergency(tx, actor, change)
    return { id: change.id, number, revision: revision.number, approverIds }
  })
  return submitted
}

/**
 * An emergency is told at once, by mandatory e-mail, to the change managers
 * (the emergency CAB), the owners of the affected services and whoever
 * watches them or the change: the owners may not be asked to sign, but they
 * must know what is about to happen to their service and why it cannot wait.
 */
async function notifyEmergency(tx: Tx, actor: Actor, change: WritableSubject): Promise<void> {
  const managers = await tx.user.findMany({ where: { active: true, roles: { has: 'CHANGE_MANAGER' } }, select: { id: true } })
  const services = await tx.service.findMany({ where: { id: { in: [...change.serviceIds] } }, select: { ownerId: true } })
  const watchers = await watchersOf(tx, change.id)
  const notice = emergencyCreatedNotice({ submitterName: actor.name, number: change.number, title: change.title, purpose: change.purpose })
  await notify(
    { kind: 'emergency-created', userIds: [...managers.map((m) => m.id), ...services.map((s) => s.ownerId), ...watchers], changeId: change.id, ...notice },
    { tx, except: actor.id },
  )
}

/** Loads (or creates) the locked draft with the form's values applied. */
async function prepare(tx: Tx, actor: Actor, input: SubmitChangeInput, now: Date): Promise<WritableSubject> {
  if (!input.ref) {
    if (!input.fields) throw new AppError('INVALID_INPUT', 'Fill in the change before submitting it.')
    const created = await insertDraft(tx, actor, input.fields)
    return loadChange(tx, created.id)
  }
  if (!(await lockChange(tx, input.ref.changeId))) throw new AppError('NOT_FOUND', 'This change does not exist.')
  const change = await loadChange(tx, input.ref.changeId)
  assertCan(actor, 'change:submit', change)
  await assertVersion(tx, actor, change, input.ref.version)
  if (!input.fields) return change
  if (change.status !== 'DRAFT') {
    throw new AppError('REFUSED', 'Only a draft can be submitted; save your edits instead.')
  }
  await saveEdits(tx, actor, change, input.fields, now)
  return loadChange(tx, change.id)
}

/** The domain says "no approvers"; say why and what to do. */
function explain(reasons: readonly Reason[], excludedRequester: boolean): Reason[] {
  // Without services (or without an active owner for one) the services field already says what is missing.
  const noServices = reasons.some((r) => r.code === 'invalid:serviceIds')
  return reasons.filter((r) => !(noServices && r.code === 'no-approvers')).map((reason) =>
    reason.code === 'no-approvers'
      ? {
          code: 'no-approvers',
          message: excludedRequester
            ? 'You own the affected services and nobody may sign off their own change. A change manager must name another approver (or nominate one on the form).'
            : 'Nobody is left to sign this change off. A change manager must name another approver.',
        }
      : reason,
  )
}
