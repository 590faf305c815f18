import 'server-only'
import { z } from 'zod'
import { ZAuditEvent, type AuditDraft } from '@/lib/domain/audit/events'
import type { ChangeStatus, Prisma } from '@/lib/generated/prisma/client'
import type { Tx } from '../db'

export interface AuditRecord {
  action: string
  actorId: string | null
  changeId?: string
  entityType: 'change' | 'user' | 'service' | 'freeze' | 'mail' | 'webhook' | 'template' | 'risk' | 'system' | 'approver-group' | 'policy' | 'delegation'
  entityId: string
  fromStatus?: ChangeStatus
  toStatus?: ChangeStatus
  details?: Prisma.InputJsonValue
}

/**
 * Writes audit events inside the caller's transaction: they commit or vanish with the change. Each is checked
 * against the audit vocabulary first (lib/domain/audit/events.ts): the table is append-only evidence, read back
 * to describe it, so a writer that drifts from the vocabulary must fail (in the tests) rather than leave rows
 * that can only be shown as a bare action name. Details beyond the vocabulary's fields are kept as written.
 */
export async function recordAudit(tx: Tx, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return
  for (const record of records) {
    const checked = ZAuditEvent.safeParse({ action: record.action, fromStatus: record.fromStatus, toStatus: record.toStatus, details: record.details ?? {} })
    if (!checked.success) throw new Error(`The audit event "${record.action}" does not match its schema: ${z.prettifyError(checked.error)}`)
  }
  await tx.auditEvent.createMany({
    data: records.map((record) => ({
      action: record.action,
      actorId: record.actorId,
      changeId: record.changeId,
      entityType: record.entityType,
      entityId: record.entityId,
      fromStatus: record.fromStatus,
      toStatus: record.toStatus,
      details: record.details ?? {},
    })),
  })
}

/** The domain's audit drafts for one change, attributed to the actor (null: the system). */
export async function recordChangeAudit(tx: Tx, changeId: string, actorId: string | null, drafts: readonly AuditDraft[]): Promise<void> {
  await recordAudit(
    tx,
    drafts.map((draft) => ({
      action: draft.action,
      actorId,
      changeId,
      entityType: 'change' as const,
      entityId: changeId,
      fromStatus: draft.fromStatus,
      toStatus: draft.toStatus,
      details: draft.details,
    })),
  )
}
