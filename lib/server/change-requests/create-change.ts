import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import type { Tx } from '@/lib/server/db'
import { runTransaction } from '@/lib/server/transaction'
import type { TChangeFields, TCreateFollowUpInput } from '@/lib/server/change-requests/schemas'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { allocateChangeNumber } from '@/lib/server/change-requests/change-number'
import { assertReferences, contentData, writeServices } from '@/lib/server/change-requests/change-writes'
import { computeApprovers, replaceApprovers } from '@/lib/server/lifecycle/approvers'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'
import { toMaterialContent } from '@/lib/domain/change-request/material'
import { AppError } from '@/lib/server/errors'
import { loadChange } from '@/lib/server/lifecycle/change'
import { NO_APPROVERS } from '@/lib/server/templates/filing'
import { assertFileable, assertLockedUnchanged } from '@/lib/server/templates/template-basis'
import { assessChangeRiskOrRefuse, resolveRiskAnswers, riskColumns, writeRiskAnswers } from '@/lib/server/lifecycle/risk'

export type CreatedChange = { id: string; number: string; version: number }

/** A new DRAFT with the next change number. Only the title is required: drafts may be incomplete. */
export async function createDraftChange(actor: Actor, fields: TChangeFields): Promise<CreatedChange> {
  assertCan(actor, 'change:create')
  return runTransaction((tx) => insertDraft(tx, actor, fields))
}

/** Inside the caller's transaction, so a failed submit of a new change leaves no draft and no used number. */
export async function insertDraft(tx: Tx, actor: Actor, fields: TChangeFields): Promise<CreatedChange> {
  await assertReferences(tx, fields)
  // Filed from a standard template: its locked fields arrive exactly as the template has them, or not at all.
  const template = fields.templateVersionId ? await assertFileable(tx, fields.templateVersionId) : null
  if (template) assertLockedUnchanged(template, fields)
  const riskAnswers = await resolveRiskAnswers(tx, {}, fields.riskAnswers)
  const risk = await assessChangeRiskOrRefuse(tx, { id: null, ...fields, riskAnswers }, new Date())
  const number = await allocateChangeNumber(tx)
  const row = await tx.changeRequest.create({
    data: { number, requesterId: actor.id, status: 'DRAFT', ...contentData(fields), ...riskColumns(risk), templateVersionId: template?.id ?? null },
    select: { id: true, number: true, version: true },
  })
  await writeServices(tx, row.id, fields.serviceIds)
  await writeRiskAnswers(tx, row.id, riskAnswers)
  const { approvers } = template ? NO_APPROVERS : await computeApprovers(tx, { id: row.id, requesterId: actor.id }, fields.serviceIds, fields.approverIds)
  await replaceApprovers(tx, row.id, approvers, actor.id)
  await recordChangeAudit(tx, row.id, actor.id, [
    { action: 'change.created', toStatus: 'DRAFT', details: { title: fields.title, type: fields.type } },
  ])
  return { id: row.id, number: formatChangeNumber(row.number), version: row.version }
}

/**
 * A new DRAFT linked to an earlier change: the retry of a rolled-back or
 * failed change, or the next stage of a programme split into steps. It starts
 * from the earlier content and services, with no window (a new one must be
 * chosen) and the actor as requester; it then goes through sign-off like any
 * other change.
 */
export async function createFollowUpChange(actor: Actor, input: TCreateFollowUpInput): Promise<CreatedChange> {
  assertCan(actor, 'change:create')
  return runTransaction(async (tx) => {
    const source = await loadChange(tx, input.changeId)
    if (source.status === 'DRAFT') throw new AppError('REFUSED', 'This change is still a draft: edit it instead of raising a follow-up.')
    // The earlier content, without its window: a retry or next stage needs a new one.
    // The risk is assessed afresh from the carried-over answers; a raise was
    // argued for the earlier change, so the new requester makes their own.
    const { windowStart: _start, windowEnd: _end, serviceIds, riskLevel: _risk, riskAnswers, riskRaise: _raise, ...content } = toMaterialContent(source)
    // Nominated approvers carry over; owners are derived again from the services.
    const nominated = await tx.changeApprover.findMany({ where: { changeId: source.id, source: 'NOMINATED' }, select: { userId: true } })
    const created = await insertDraft(tx, actor, {
      ...content,
      title: `Follow-up to ${formatChangeNumber(source.number)}: ${source.title}`.slice(0, 200),
      windowStart: null,
      windowEnd: null,
      timeZone: 'UTC',
      serviceIds,
      riskAnswers: riskAnswers ?? {},
      riskRaiseLevel: null,
      riskRaiseReason: '',
      riskRaise: null,
      approverIds: nominated.map((a) => a.userId).filter((id) => id !== actor.id),
    })
    await tx.changeRequest.update({ where: { id: created.id }, data: { previousChangeId: source.id } })
    return created
  })
}
