import 'server-only'
import type { ChangeStatus } from '@/lib/generated/prisma/client'
import { recordAudit } from '@/lib/server/audit/record-audit'
import type { Tx } from '@/lib/server/db'
import { loadSignOffs } from './load-sign-off-state'

export type SettledChange = { id: string; status: ChangeStatus; fingerprint: string | null; revision: number }

/**
 * The automatic transitions: a SUBMITTED change whose required approvers all
 * approved the current fingerprint becomes APPROVED; any rejection of it makes
 * it REJECTED. Call inside the transaction that holds the change row lock
 * (after a sign-off, an approver removal, or an edit that restores content
 * already signed). Returns the new status, or null when nothing moved.
 */
export async function settleSignOffs(tx: Tx, change: SettledChange, actorId: string | null): Promise<ChangeStatus | null> {
  if (change.status !== 'SUBMITTED' || change.fingerprint === null) return null
  const { state } = await loadSignOffs(tx, change)
  const to: ChangeStatus | null = state.anyRejected ? 'REJECTED' : state.allApproved ? 'APPROVED' : null
  if (to === null) return null
  await tx.changeRequest.update({ where: { id: change.id }, data: { status: to, version: { increment: 1 } } })
  const rejectedBy = state.perApprover.filter((p) => p.status === 'REJECTED').map((p) => p.name)
  await recordAudit(tx, [
    {
      // System transition: it follows from the sign-offs, not from a button; the
      // actor whose action triggered it is kept in the details.
      action: to === 'APPROVED' ? 'change.approved' : 'change.rejected',
      actorId: null,
      changeId: change.id,
      entityType: 'change',
      entityId: change.id,
      fromStatus: 'SUBMITTED',
      toStatus: to,
      details: {
        revision: change.revision,
        fingerprint: change.fingerprint,
        triggeredBy: actorId,
        ...(to === 'REJECTED' ? { rejectedBy } : { approvedBy: state.perApprover.map((p) => p.name) }),
      },
    },
  ])
  return to
}
