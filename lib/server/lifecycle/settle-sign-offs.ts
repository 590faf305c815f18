import 'server-only'
import { transition } from '@/lib/domain/change-request/state-machine'
import type { ChangeStatus } from '@/lib/generated/prisma/client'
import type { Tx } from '@/lib/server/db'
import { loadChange } from './change'
import { applyTransition } from './transition'
import { loadSignOffs } from './sign-off-state'

/**
 * The automatic transitions: a SUBMITTED change whose required approvers all
 * approved the current fingerprint becomes APPROVED ('approve'); any rejection
 * of it makes it REJECTED ('reject'). Both are system events of the state
 * machine. Call inside the transaction holding the change row lock: after a
 * sign-off, an approver removal, or an edit that restores content already
 * signed. Returns the new status, or null when nothing moved.
 */
export async function settleSignOffs(tx: Tx, changeId: string, now: Date = new Date()): Promise<ChangeStatus | null> {
  const change = await loadChange(tx, changeId)
  if (change.status !== 'SUBMITTED' || change.fingerprint === null) return null
  const { state } = await loadSignOffs(tx, change)
  const event = state.anyRejected ? 'reject' : state.allApproved ? 'approve' : null
  if (event === null) return null
  const result = transition(change, event, 'system', now, { signOffState: state })
  if (!result.ok) throw new Error(`Automatic ${event} refused: ${result.reasons.map((r) => r.message).join(' ')}`)
  // A system transition: no person pressed a button (the sign-off that caused it has its own event).
  await applyTransition(tx, change.id, result, null)
  return result.to
}
