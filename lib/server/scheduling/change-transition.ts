import 'server-only'
import type { AuditDraft } from '@/lib/domain/audit/events'
import type { TransitionSubject } from '@/lib/domain/change-request/state-machine'
import type { ChangeStatus } from '@/lib/generated/prisma/client'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'

/** The change as the domain state machine needs it (material fields, approvers, services). Call after lockChange. */
export async function loadTransitionSubject(tx: Tx, changeId: string): Promise<TransitionSubject & { id: string; number: number }> {
  const row = await tx.changeRequest.findUnique({
    where: { id: changeId },
    include: { services: { select: { serviceId: true } }, approvers: { select: { userId: true } } },
  })
  if (!row) throw new AppError('NOT_FOUND', 'This change does not exist.')
  const { services, approvers, ...change } = row
  return { ...change, serviceIds: services.map((s) => s.serviceId), approverIds: approvers.map((a) => a.userId) }
}

/**
 * Writes an allowed transition: the new status (version bumped for optimistic
 * locking) and the audit drafts the state machine returned, in the caller's transaction.
 */
export async function applyTransition(
  tx: Tx,
  changeId: string,
  result: { to: ChangeStatus; audit: AuditDraft[] },
  actorId: string | null,
  extraAudit: AuditDraft[] = [],
): Promise<void> {
  await tx.changeRequest.update({ where: { id: changeId }, data: { status: result.to, version: { increment: 1 } } })
  await recordChangeAudit(tx, changeId, actorId, [...extraAudit, ...result.audit])
}
