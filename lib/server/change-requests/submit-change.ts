import 'server-only'
import { emitStatusChanged } from '@/lib/server/webhooks/lifecycle-events'
import { transition } from '@/lib/domain/change-request/state-machine'
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
import { resolveSnapshot, writeSnapshot } from '@/lib/server/lifecycle/approvers'
import { firstStageIds } from '@/lib/domain/approval-policy/snapshot'
import { insertDraft } from '@/lib/server/change-requests/create-change'
import { saveEdits } from '@/lib/server/change-requests/update-change'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'
import { NO_SNAPSHOT, templateContextFor } from '@/lib/server/templates/filing'
import { settleTemplateApproval } from '@/lib/server/templates/pre-approve'
import { assessChangeRiskOrRefuse, riskColumns } from '@/lib/server/lifecycle/risk'
import { revisionContentOf } from '@/lib/domain/change-request/revision-content'

export type SubmitChangeInput = {
  /** Absent for a brand-new change submitted straight from the form. */
  ref?: TChangeRef
  /** The form's values, saved onto the draft in the same transaction. */
  fields?: TChangeFields
}

export type SubmittedChange = { id: string; number: string; revision: number; approverIds: string[] }

/**
 * DRAFT → SUBMITTED. Saves the form (if any), resolves the approval policy
 * that governs the change into its snapshot (who is eligible for each rule,
 * never the requester; the nominees as one more rule),
 * snapshots the next revision and audits it, all in one transaction: a refused
 * submit leaves nothing behind, not even a used change number.
 */
export async function submitChange(actor: Actor, input: SubmitChangeInput): Promise<SubmittedChange> {
  if (input.ref) assertCan(actor, 'change:submit', await loadChange(prisma, input.ref.changeId))
  else assertCan(actor, 'change:create')
  const now = new Date()

  const submitted = await runTransaction(async (tx) => {
    const prepared = await prepare(tx, actor, input, now)
    // Lead time counts from the submission, so the risk is assessed again now (and picks the policy).
    const risk = await assessChangeRiskOrRefuse(tx, prepared, now)
    const change = { ...prepared, riskLevel: risk.level }
    // Filed from a standard template: approved on the template's basis below, with no rules and nobody asked.
    const fromTemplate = await templateContextFor(tx, change)
    const snapshot = fromTemplate ? NO_SNAPSHOT : await resolveSnapshot(tx, change, 'current')
    const approverIds = snapshot.approvers.map((a) => a.id)
    const result = transition({ ...change, approverIds }, 'submit', actor, now, fromTemplate ?? {})
    const reasons = [...snapshot.reasons, ...(result.ok ? [] : result.reasons)]
    if (!result.ok || reasons.length > 0) throw refusal(explain(reasons), 'The change cannot be submitted')
    const revision = result.revision
    if (!revision) throw new Error('submit must mint a revision')

    await writeSnapshot(tx, change.id, snapshot, actor.id)
    await tx.changeRequest.update({
      where: { id: change.id },
      data: { ...riskColumns(risk), status: result.to, revision: revision.number, fingerprint: revision.fingerprint, version: { increment: 1 } },
    })
    await tx.changeRevision.create({
      data: { changeId: change.id, number: revision.number, fingerprint: revision.fingerprint, content: revisionContentOf(materialOf(change), risk), createdById: actor.id },
    })
    await recordChangeAudit(tx, change.id, actor.id, result.audit)
    await emitStatusChanged(tx, change.id, result.from, result.to, actor.id)
    if (fromTemplate) await settleTemplateApproval(tx, change.id, now)
    const number = formatChangeNumber(change.number)
    // Only the first stage is asked now; later stages are asked as each one completes (record-sign-off.ts).
    await notify(
      { kind: 'sign-off-requested', userIds: firstStageIds(snapshot.rules), changeId: change.id, message: `${actor.name} submitted ${number} for your sign-off.` },
      { tx },
    )
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

/** A rule nobody can fill already says who is missing and what to do; the domain's bare "no approvers" would repeat it. */
function explain(reasons: readonly Reason[]): Reason[] {
  // Without services (or without an active owner for one) the services field already says what is missing.
  const said = reasons.some((r) => r.code === 'invalid:serviceIds' || r.code === 'policy-rule-unfillable')
  return reasons.filter((r) => !(said && r.code === 'no-approvers'))
}
