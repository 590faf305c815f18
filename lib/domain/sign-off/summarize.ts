// Derives where sign-off stands from the append-only SignOff rows. Only
// sign-offs given for the current fingerprint count; the rest are "stale"
// and shown as history, because they approved different content.
import type { PolicyEvaluation } from '../approval-policy/evaluate'
import type { Person, SignOffDecision } from '../shared/types'

export type SignOffRecord = {
  approverId: string
  decision: SignOffDecision
  fingerprint: string
  revisionNumber: number
  signedAt: Date
}

export type ApproverSignOffStatus = SignOffDecision | 'PENDING'

export type ApproverSignOff<T extends SignOffRecord = SignOffRecord> = {
  approverId: string
  name: string
  status: ApproverSignOffStatus
  /** The latest sign-off for the current fingerprint, if any. */
  current?: T
  /** Sign-offs for other fingerprints, newest first. */
  stale: T[]
}

export type SignOffState<T extends SignOffRecord = SignOffRecord> = {
  perApprover: ApproverSignOff<T>[]
  /**
   * Every required approver approved the current fingerprint (false when none
   * are required); with a policy, every rule of it holds (withPolicy).
   */
  allApproved: boolean
  /** Some required approver rejected; with a policy, an eligible approver's veto. */
  anyRejected: boolean
  pending: Person[]
  /** Progress against the change's approval policy snapshot, when it has one. */
  policy?: PolicyEvaluation
}

/**
 * The state as a policy decides it: approved when every rule holds (not
 * when every eligible person signed: N of M needs only N), rejected on a veto.
 * `pending` lists the people asked now (eligible in an open stage) who have not decided.
 */
export function withPolicy<T extends SignOffRecord>(state: SignOffState<T>, policy: PolicyEvaluation): SignOffState<T> {
  const asked = new Set(policy.rules.filter((r) => r.open && !r.satisfied).flatMap((r) => r.rule.eligibleIds))
  return {
    ...state,
    allApproved: policy.satisfied,
    anyRejected: policy.vetoedBy.length > 0,
    pending: state.pending.filter((p) => asked.has(p.id)),
    policy,
  }
}

const newestFirst = (a: SignOffRecord, b: SignOffRecord) =>
  b.signedAt.getTime() - a.signedAt.getTime() || b.revisionNumber - a.revisionNumber

export function summarizeSignOffs<T extends SignOffRecord>(
  required: readonly Person[],
  signOffs: readonly T[],
  currentFingerprint: string | null,
): SignOffState<T> {
  const perApprover = required.map((approver): ApproverSignOff<T> => {
    const own = signOffs.filter((s) => s.approverId === approver.id).sort(newestFirst)
    const current = currentFingerprint === null ? undefined : own.find((s) => s.fingerprint === currentFingerprint)
    const stale = own.filter((s) => currentFingerprint === null || s.fingerprint !== currentFingerprint)
    const entry: ApproverSignOff<T> = {
      approverId: approver.id,
      name: approver.name,
      status: current ? current.decision : 'PENDING',
      stale,
    }
    if (current) entry.current = current
    return entry
  })
  return {
    perApprover,
    allApproved: perApprover.length > 0 && perApprover.every((p) => p.status === 'APPROVED'),
    anyRejected: perApprover.some((p) => p.status === 'REJECTED'),
    pending: perApprover.filter((p) => p.status === 'PENDING').map((p) => ({ id: p.approverId, name: p.name })),
  }
}

/** An empty state, for changes that have no approvers yet. */
export const NO_SIGN_OFFS: SignOffState = { perApprover: [], allApproved: false, anyRejected: false, pending: [] }
