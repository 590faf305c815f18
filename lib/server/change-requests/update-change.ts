import 'server-only'
import { emitStatusChanged } from '@/lib/server/webhooks/lifecycle-events'
import { type Actor, type ChangeStatus, STATUS_LABELS } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma, type Tx } from '@/lib/server/db'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { notify } from '@/lib/server/notifications/notify'
import type { TChangeFields, TChangeRef } from '@/lib/server/change-requests/schemas'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { assertVersion, loadChange, materialOf, type WritableSubject } from '@/lib/server/lifecycle/change'
import { transition } from '@/lib/domain/change-request/state-machine'
import { AppError } from '@/lib/server/errors'
import { settleSignOffs } from '@/lib/server/lifecycle/sign-offs'
import { refusal } from '@/lib/server/lifecycle/transition'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'
import { assertReferences, changedFieldNames, contentData, withFields, writeServices } from '@/lib/server/change-requests/change-writes'
import { computeApprovers, replaceApprovers, resolveSnapshot, writeSnapshot } from '@/lib/server/lifecycle/approvers'
import { NO_APPROVERS, NO_SNAPSHOT, templateContextFor } from '@/lib/server/templates/filing'
import { settleTemplateApproval } from '@/lib/server/templates/pre-approve'
import { assertLockedUnchanged, versionOfChange } from '@/lib/server/templates/template-basis'
import { assessChangeRiskOrRefuse, resolveRiskAnswers, riskColumns, writeRiskAnswers } from '@/lib/server/lifecycle/risk'
import { revisionContentOf } from '@/lib/domain/change-request/revision-content'

export type UpdateChangeResult = SaveOutcome & { id: string; number: string }

/**
 * Saves the edit form. Stale forms get CONFLICT (naming who saved last); a
 * material edit of a submitted, approved or scheduled change becomes a new
 * revision back in SUBMITTED, and its approvers are asked again.
 */
export async function updateChange(actor: Actor, ref: TChangeRef, fields: TChangeFields): Promise<UpdateChangeResult> {
  assertCan(actor, 'change:edit', await loadChange(prisma, ref.changeId))
  const result = await runTransaction(async (tx) => {
    await lockChange(tx, ref.changeId)
    const change = await loadChange(tx, ref.changeId)
    assertCan(actor, 'change:edit', change)
    await assertVersion(tx, actor, change, ref.version)
    const outcome = await saveEdits(tx, actor, change, fields, new Date())
    const number = formatChangeNumber(change.number)
    if (outcome.kind === 'revised') {
      await notify(
        { kind: 'sign-offs-voided', userIds: outcome.approverIds, changeId: change.id, message: `${actor.name} revised ${number} (revision ${outcome.revision}); your sign-off is needed again.` },
        { tx, except: actor.id },
      )
      if (change.status === 'SCHEDULED') {
        await notify(
          { kind: 'unscheduled', userIds: [change.requesterId, ...change.approverIds], changeId: change.id, message: `${number} is no longer scheduled: ${actor.name} edited it, so it needs its sign-offs again.` },
          { tx, except: actor.id },
        )
      }
    }
    return { ...outcome, id: change.id, number }
  })
  return result
}

export type SaveOutcome =
  | { kind: 'unchanged' | 'updated'; status: ChangeStatus; version: number }
  | { kind: 'revised'; status: ChangeStatus; version: number; revision: number; approverIds: string[] }

/** Statuses whose content can still change (a REJECTED change is reopened as a draft first). */
const EDITABLE: readonly ChangeStatus[] = ['DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED']

/** Writes the form onto a locked, authorised, version-checked change. */
export async function saveEdits(tx: Tx, actor: Actor, change: WritableSubject, fields: TChangeFields, now: Date): Promise<SaveOutcome> {
  if (change.status === 'REJECTED') {
    throw new AppError('REFUSED', 'This change was rejected: reopen it as a draft ("Revise") before editing it.')
  }
  if (!EDITABLE.includes(change.status)) {
    throw new AppError('REFUSED', `A change that is ${STATUS_LABELS[change.status].toLowerCase()} can no longer be edited.`)
  }
  await assertReferences(tx, fields, change.serviceIds)
  // A change filed from a standard template keeps its locked fields, whatever the form or the API sends.
  if (change.templateVersionId) assertLockedUnchanged(await versionOfChange(tx, change.templateVersionId), fields)
  const riskAnswers = await resolveRiskAnswers(tx, change.riskAnswers ?? {}, fields.riskAnswers)
  const edited = withFields(change, fields, riskAnswers)
  const version = change.version + 1

  if (change.status === 'DRAFT') {
    const risk = await assessChangeRiskOrRefuse(tx, edited, now)
    const changed = changedFieldNames(change, { ...edited, riskLevel: risk.level })
    await tx.changeRequest.update({ where: { id: change.id }, data: { ...contentData(fields), ...riskColumns(risk), version } })
    await writeServices(tx, change.id, fields.serviceIds)
    await writeRiskAnswers(tx, change.id, riskAnswers)
    const { approvers } = change.templateVersionId ? NO_APPROVERS : await computeApprovers(tx, change, fields.serviceIds, fields.approverIds)
    await replaceApprovers(tx, change.id, approvers, actor.id)
    await recordChangeAudit(tx, change.id, actor.id, [{ action: 'change.updated', details: { fields: changed } }])
    return { kind: 'updated', status: change.status, version }
  }

  // Only the requester's own edits make an edit material. The risk is
  // recomputed only then: what it reads (freezes, other changes, outcomes)
  // moves on its own, and a retitle must not void sign-offs because of that.
  const edits = changedFieldNames(change, edited)
  if (edits.every((field) => field === 'title')) {
    if (edits.length === 0) return { kind: 'unchanged', status: change.status, version: change.version }
    await tx.changeRequest.update({ where: { id: change.id }, data: { title: fields.title, version } })
    await recordChangeAudit(tx, change.id, actor.id, [{ action: 'change.updated', details: { fields: edits } }])
    return { kind: 'updated', status: change.status, version }
  }

  // A material edit: the risk is assessed again and the policy that governs the change
  // now is resolved again (risk or services may have moved it), then the domain decides.
  const risk = await assessChangeRiskOrRefuse(tx, edited, now)
  const after = { ...edited, riskLevel: risk.level }
  const changed = changedFieldNames(change, after)
  await writeServices(tx, change.id, fields.serviceIds)
  await writeRiskAnswers(tx, change.id, riskAnswers)
  // A change from a standard template keeps no rules and asks nobody: its template's approval stands in.
  const fromTemplate = await templateContextFor(tx, after)
  const snapshot = fromTemplate ? NO_SNAPSHOT : await resolveSnapshot(tx, after, 'current')
  const approverIds = snapshot.approvers.map((a) => a.id)
  const result = transition({ ...after, approverIds }, 'revise', actor, now, { changedFields: changed, ...fromTemplate })
  // A revision asks the approvers again, so every rule needs people who can sign, as at submission.
  if (!result.ok || snapshot.reasons.length > 0) throw refusal([...snapshot.reasons, ...(result.ok ? [] : result.reasons)], 'The change cannot be revised')
  await writeSnapshot(tx, change.id, snapshot, actor.id)
  const revision = result.revision ?? { number: change.revision, fingerprint: change.fingerprint ?? '' }
  await tx.changeRequest.update({
    where: { id: change.id },
    data: { ...contentData(fields), ...riskColumns(risk), status: result.to, revision: revision.number, fingerprint: revision.fingerprint, version },
  })
  await tx.changeRevision.create({
    data: { changeId: change.id, number: revision.number, fingerprint: revision.fingerprint, content: revisionContentOf(materialOf(after), risk), createdById: actor.id },
  })
  await recordChangeAudit(tx, change.id, actor.id, result.audit)
  await emitStatusChanged(tx, change.id, result.from, result.to, actor.id)
  // An edit that restores exactly the content everyone already signed makes
  // their approvals current again; without this the change would wait forever.
  // A change from a standard template is approved again on the template's basis, as at submission.
  const settled = fromTemplate ? await settleTemplateApproval(tx, change.id, now) : await settleSignOffs(tx, change.id, now)
  return { kind: 'revised', status: settled ?? result.to, version: settled ? version + 1 : version, revision: revision.number, approverIds }
}
