import 'server-only'
import type { ChangeStatus, Prisma } from '@/lib/generated/prisma/client'
import type { Tx } from '../db'

export interface AuditRecord {
  action: string
  actorId: string | null
  changeId?: string
  entityType: 'change' | 'user' | 'service' | 'freeze' | 'system'
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
