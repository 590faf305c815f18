// The rubber-stamp signal (issue 14): an approver who approves more than 95 %
// of at least 20 decisions, with a median time to decision under 2 minutes,
// is flagged. It is a prompt to look at the decisions, not an accusation.
// Every bound is strict or inclusive exactly as written here:
//   decisions ≥ 20, approvals / decisions > 0.95, median < 120 seconds.

export const RUBBER_STAMP = {
  minDecisions: 20,
  /** Strictly more than this share of approvals. */
  approvalShareAbove: 0.95,
  /** Strictly less than this median time to decision, in seconds. */
  medianSecondsBelow: 120,
} as const

export type DecisionRecord = {
  /** Decisions in the period (approvals + rejections). */
  decisions: number
  approvals: number
  /** Median seconds from the revision's submission to the decision; null when unknown. */
  medianDecisionSeconds: number | null
}

export function isRubberStamp(record: DecisionRecord): boolean {
  const { decisions, approvals, medianDecisionSeconds } = record
  if (decisions < RUBBER_STAMP.minDecisions) return false
  // Compared in integers (approvals·100 > 95·decisions) so 0.95 has no floating-point edge.
  if (approvals * 100 <= RUBBER_STAMP.approvalShareAbove * 100 * decisions) return false
  return medianDecisionSeconds !== null && medianDecisionSeconds < RUBBER_STAMP.medianSecondsBelow
}

/** Why a record is (or is not) flagged, in words, for the page. */
export function rubberStampReason(record: DecisionRecord): string {
  const share = record.decisions === 0 ? 0 : Math.round((record.approvals / record.decisions) * 1000) / 10
  const median = record.medianDecisionSeconds === null ? 'unknown' : `${Math.round(record.medianDecisionSeconds)} s`
  return `${record.approvals} of ${record.decisions} decisions approved (${share} %), median time to decision ${median}`
}
