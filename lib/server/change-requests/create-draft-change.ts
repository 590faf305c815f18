import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import type { Tx } from '@/lib/server/db'
import { runTransaction } from '@/lib/server/transaction'
import type { TChangeFields } from './schemas'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { allocateChangeNumber } from './change-number'
import { assertReferences, contentData, writeServices } from './change-writes'
import { computeApprovers, replaceApprovers } from '@/lib/server/lifecycle/approvers'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'

export type CreatedChange = { id: string; number: string; version: number }

/** A new DRAFT with the next change number. Only the title is required: drafts may be incomplete. */
export async function createDraftChange(actor: Actor, fields: TChangeFields): Promise<CreatedChange> {
  assertCan(actor, 'change:create')
  return runTransaction((tx) => insertDraft(tx, actor, fields))
}

/** Inside the caller's transaction, so a failed submit of a new change leaves no draft and no used number. */
export async function insertDraft(tx: Tx, actor: Actor, fields: TChangeFields): Promise<CreatedChange> {
  await assertReferences(tx, fields)
  const number = await allocateChangeNumber(tx)
  const row = await tx.changeRequest.create({
    data: { number, requesterId: actor.id, status: 'DRAFT', ...contentData(fields) },
    select: { id: true, number: true, version: true },
  })
  await writeServices(tx, row.id, fields.serviceIds)
  const { approvers } = await computeApprovers(tx, { id: row.id, requesterId: actor.id }, fields.serviceIds, fields.approverIds)
  await replaceApprovers(tx, row.id, approvers, actor.id)
  await recordChangeAudit(tx, row.id, actor.id, [
    { action: 'change.created', toStatus: 'DRAFT', details: { title: fields.title, type: fields.type } },
  ])
  return { id: row.id, number: formatChangeNumber(row.number), version: row.version }
}
