import 'server-only'
import type { AuditDraft } from '@/lib/domain/audit/events'
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

/** Writes audit events inside the caller's transaction: they commit or vanish with the change. */
export async function recordAudit(tx: Tx, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return
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
