import 'server-only'
import { summarizeSignOffs, type SignOffState } from '@/lib/domain/sign-off'
import type { ApproverSource, SignOffDecision } from '@/lib/generated/prisma/client'
import type { Tx } from '@/lib/server/db'

/** A stored sign-off with what the panel and the audit need to show. */
export type SignOffEntry = {
  id: string
  approverId: string
  approverName: string
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
    },
    orderBy: { signedAt: 'asc' },
  })
  const approvers = approverRows.map((row) => ({ id: row.user.id, name: row.user.name, source: row.source }))
  const entries: SignOffEntry[] = signOffRows.map(({ approver, ...row }) => ({ ...row, approverName: approver.name }))
  return { approvers, state: summarizeSignOffs(approvers, entries, change.fingerprint) }
}
