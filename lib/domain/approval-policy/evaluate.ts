// Where a change stands against its policy snapshot. Only decisions on the
// current fingerprint count, and for each seat only its latest one (the same
// order the database backstop uses: newest revision, then newest signature).
// A seat is an approver's place; a delegate's sign-off sits in the delegator's
// seat (SignOff.approverId), so the evaluator never needs to know who held the pen.
import type { SignOffDecision } from '../shared/types'
import type { SnapshotRule } from './snapshot'

export type SeatSignOff = { approverId: string; decision: SignOffDecision; fingerprint: string; revisionNumber: number; signedAt: Date }

export type RuleProgress = {
  rule: SnapshotRule
  /** Eligible seats whose latest decision on the current fingerprint is APPROVED. */
  approvedIds: string[]
  /** How many more approvals the rule needs (0 when it holds). */
  remaining: number
  satisfied: boolean
  /** Asked now: every rule of the earlier stages holds. */
  open: boolean
}

export type PolicyEvaluation = {
  rules: RuleProgress[]
  /** Every rule holds and nobody vetoed; never with no rules or no fingerprint. */
  satisfied: boolean
  /** Eligible seats whose latest decision on the current fingerprint is REJECTED; a single one blocks everything. */
  vetoedBy: string[]
  /** The first stage with a rule not yet met (null when all hold). */
  openStage: number | null
}

/** The latest decision per seat on `fingerprint`. */
export function latestDecisions(signOffs: readonly SeatSignOff[], fingerprint: string | null): Map<string, SignOffDecision> {
  const latest = new Map<string, SeatSignOff>()
  if (fingerprint === null) return new Map()
  for (const s of signOffs) {
    if (s.fingerprint !== fingerprint) continue
    const seen = latest.get(s.approverId)
    if (!seen || s.revisionNumber > seen.revisionNumber || (s.revisionNumber === seen.revisionNumber && s.signedAt.getTime() > seen.signedAt.getTime())) {
      latest.set(s.approverId, s)
    }
  }
  return new Map([...latest].map(([seat, s]) => [seat, s.decision]))
}

/** A rule that asks for nothing, or for more than its eligible people, never holds (as in the backstop). */
export function wellFormed(rule: SnapshotRule): boolean {
  return rule.required >= 1 && rule.required <= new Set(rule.eligibleIds).size
}

export function evaluatePolicy(rules: readonly SnapshotRule[], signOffs: readonly SeatSignOff[], fingerprint: string | null): PolicyEvaluation {
  const decisions = latestDecisions(signOffs, fingerprint)
  const measured = rules.map((rule) => {
    const approvedIds = [...new Set(rule.eligibleIds)].filter((id) => decisions.get(id) === 'APPROVED')
    const satisfied = wellFormed(rule) && approvedIds.length >= rule.required
    return { rule, approvedIds, satisfied, remaining: satisfied ? 0 : Math.max(rule.required - approvedIds.length, 1) }
  })
  const unmetStages = measured.filter((r) => !r.satisfied).map((r) => r.rule.stage)
  const openStage = unmetStages.length === 0 ? null : Math.min(...unmetStages)
  const vetoedBy = [...new Set(rules.flatMap((r) => r.eligibleIds))].filter((id) => decisions.get(id) === 'REJECTED')
  return {
    rules: measured.map((r) => ({ ...r, open: openStage === null || r.rule.stage <= openStage })),
    satisfied: fingerprint !== null && rules.length > 0 && openStage === null && vetoedBy.length === 0,
    vetoedBy,
    openStage,
  }
}

/** Seats asked now: eligible in a rule whose stage is open. */
export function openSeats(evaluation: PolicyEvaluation): Set<string> {
  return new Set(evaluation.rules.filter((r) => r.open).flatMap((r) => r.rule.eligibleIds))
}

/** Stages that became open between two evaluations (a stage completed): whose people to ask now. */
export function newlyOpenSeats(before: PolicyEvaluation, after: PolicyEvaluation): string[] {
  const was = openSeats(before)
  return [...openSeats(after)].filter((id) => !was.has(id))
}

/** One rule's progress in words (the panel and the gate say it the same way). */
export function progressInWords(progress: RuleProgress): string {
  const { rule, approvedIds, satisfied, remaining } = progress
  const sofar = `${approvedIds.length} of ${rule.required} so far`
  if (satisfied) return `Met: ${rule.description} (${approvedIds.length} of ${rule.required}).`
  return `Awaiting ${remaining} more approval${remaining === 1 ? '' : 's'} for ${rule.description} (${sofar}).`
}
