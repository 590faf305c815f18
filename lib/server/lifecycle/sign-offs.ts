import 'server-only'
import { type SignOffState, summarizeSignOffs, withPolicy } from '@/lib/domain/sign-off'
import { evaluatePolicy } from '@/lib/domain/approval-policy/evaluate'
import type { SnapshotRule } from '@/lib/domain/approval-policy/snapshot'
import type { ApproverSource, ChangeStatus, SignOffDecision } from '@/lib/generated/prisma/client'
import type { Tx } from '@/lib/server/db'
import { transition } from '@/lib/domain/change-request/state-machine'
import { loadChange } from '@/lib/server/lifecycle/change'
import { applyTransition } from '@/lib/server/lifecycle/transition'

/** A stored sign-off with what the panel and the audit need to show. */
export type SignOffEntry = {
  id: string
  /** The seat: whose sign-off this is. */
  approverId: string
  approverName: string
  /** Who signed in the seat's place under a delegation, if not its holder. */
  delegate: { id: string; name: string } | null
  decision: SignOffDecision
  statement: string
  signature: string
  revisionNumber: number
  fingerprint: string
  signedAt: Date
}

export type RequiredApproverEntry = { id: string; name: string; source: ApproverSource }

export type LoadedSignOffs = {
  approvers: RequiredApproverEntry[]
  /** The change's approval policy snapshot, in order. */
  rules: SnapshotRule[]
  state: SignOffState<SignOffEntry>
}

/**
 * Required approvers and every decision ever given on the change, summarised
 * for its current fingerprint. Takes a transaction so the gate and the
 * automatic transitions read the same rows they lock.
 */
export async function loadSignOffs(db: Tx, change: { id: string; fingerprint: string | null }): Promise<LoadedSignOffs> {
  // Sequential on purpose: one transaction is one connection.
  const approverRows = await db.changeApprover.findMany({
    where: { changeId: change.id },
    select: { source: true, user: { select: { id: true, name: true } } },
    orderBy: [{ createdAt: 'asc' }, { userId: 'asc' }],
  })
  const signOffRows = await db.signOff.findMany({
    where: { changeId: change.id },
    select: {
      id: true,
      approverId: true,
      decision: true,
      statement: true,
      signature: true,
      revisionNumber: true,
      fingerprint: true,
      signedAt: true,
      approver: { select: { name: true } },
      delegate: { select: { id: true, name: true } },
    },
    orderBy: { signedAt: 'asc' },
  })
  const rules = await db.changeApprovalRule.findMany({
    where: { changeId: change.id },
    select: { position: true, stage: true, description: true, mode: true, required: true, eligibleIds: true },
    orderBy: { position: 'asc' },
  })
  const approvers = approverRows.map((row) => ({ id: row.user.id, name: row.user.name, source: row.source }))
  const entries: SignOffEntry[] = signOffRows.map(({ approver, ...row }) => ({ ...row, approverName: approver.name }))
  const summary = summarizeSignOffs(approvers, entries, change.fingerprint)
  // Drafts have no snapshot yet: nothing to evaluate, nothing can approve.
  const state = rules.length > 0 ? withPolicy(summary, evaluatePolicy(rules, entries, change.fingerprint)) : { ...summary, allApproved: false }
  return { approvers, rules, state }
}

/**
 * The automatic transitions: a SUBMITTED change whose approval policy holds
 * for the current fingerprint becomes APPROVED ('approve'); a veto (any
 * eligible approver's rejection of it) makes it REJECTED ('reject'). Both are system events of the state
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
