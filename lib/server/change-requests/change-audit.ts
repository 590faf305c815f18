import 'server-only'
import type { AuditDraft } from '@/lib/domain/audit/events'
import type { Reason } from '@/lib/domain/shared/types'
import { fieldOfReason } from '@/lib/domain/change-request/state-machine'
import { recordAudit, type AuditRecord } from '@/lib/server/audit/record-audit'
import { prisma, type Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'

/** Writes the domain's audit drafts for one change, attributed to the actor. */
export async function auditChange(tx: Tx, changeId: string, actorId: string, drafts: readonly AuditDraft[]): Promise<void> {
  const records: AuditRecord[] = drafts.map((draft) => ({
    action: draft.action,
    actorId,
    changeId,
    entityType: 'change',
    entityId: changeId,
    fromStatus: draft.fromStatus,
    toStatus: draft.toStatus,
    details: draft.details,
  }))
  await recordAudit(tx, records)
}

/**
 * A refused transition as an AppError: content problems become field errors
 * next to the fields (INVALID_INPUT); anything else is a REFUSED with reasons.
 */
export function refusal(reasons: readonly Reason[], message: string): AppError {
  const fieldErrors: Record<string, string[]> = {}
  const others: Reason[] = []
  for (const reason of reasons) {
    const field = fieldOfReason(reason)
    if (field) (fieldErrors[field.field] ??= []).push(reason.message)
    else others.push(reason)
  }
  if (others.length === 0 && Object.keys(fieldErrors).length > 0) {
    return new AppError('INVALID_INPUT', 'Some fields need attention before the change can be submitted.', { fieldErrors, reasons: [...reasons] })
  }
  const first = others[0]?.message
  return new AppError(others.some((r) => r.code === 'forbidden') ? 'FORBIDDEN' : 'REFUSED', first ? `${message}: ${first}` : message, {
    fieldErrors,
    reasons: [...reasons],
  })
}

/** After commit: a lost notice is logged, never undoes the change. */
export async function notify(userIds: readonly string[], changeId: string, message: string): Promise<void> {
  const recipients = [...new Set(userIds)]
  if (recipients.length === 0) return
  await prisma.notification
    .createMany({ data: recipients.map((userId) => ({ userId, changeId, message })) })
    .catch((error: unknown) => console.error('Could not write notifications', error))
}
