import { MIN_STATEMENT_CHARS } from '@/lib/domain/sign-off/validate-sign-off'
import type { Spread } from '@/lib/domain/metrics/percentile'
import type { Rate } from '@/lib/domain/metrics/rate'
import type { RUBBER_STAMP } from '@/lib/domain/metrics/rubber-stamp'
import type { OverdueEmergencyReviews } from '@/lib/server/lifecycle/emergency-reviews'
import type { ChangeType, RiskLevel } from '@/lib/domain/shared/types'
import type { TMetricsInput } from './schemas'

// The shape of the board's numbers (issue 14), shared by the page, the CSV
// export, the JSON API and the queries that compute them.

/** A decision statement "at the minimum": no longer than the rule's minimum plus this many characters. */
export const MINIMAL_STATEMENT_MARGIN = 5
export const MINIMAL_STATEMENT_MAX_CHARS = MIN_STATEMENT_CHARS + MINIMAL_STATEMENT_MARGIN

export type MetricsFilters = { serviceId?: string; type?: ChangeType; risk?: RiskLevel }
export type OutcomeRow = { completed: number; failed: number; rolledBack: number; success: Rate }
export type ChangeRef = { id: string; number: string; title: string }
export type ApproverRow = {
  approverId: string
  name: string
  decisions: number
  approvals: number
  rejections: number
  approvalRate: Rate
  minimalStatements: number
  /** Seconds from the revision's submission to the decision. */
  timeToDecision: Spread
  flagged: boolean
}
/**
 * An approver group's decisions: those of its members now (a decision counts
 * for every group its signer belongs to). Membership is read as it is today,
 * so a member who left takes their past decisions with them.
 */
export type GroupRow = {
  groupId: string
  name: string
  members: number
  decisions: number
  approvals: number
  rejections: number
  approvalRate: Rate
  /** Seconds from the revision's submission to the decision. */
  timeToDecision: Spread
  flagged: boolean
}
export type FlaggedGroup = { groupId: string; name: string; decisions: number; approvals: number; medianSeconds: number | null; reason: string; shown: FlaggedDecision[] }
export type FlaggedDecision = ChangeRef & { decision: 'APPROVED' | 'REJECTED'; signedAt: string; seconds: number | null; statement: string }

export type MetricsReport = {
  /** When these figures were read from the database (loadMetrics may serve them for a while). */
  computedAt: string
  period: { from: string; to: string; days: number; label: string; timeZone: string; input: Pick<TMetricsInput, 'period' | 'from' | 'to'> }
  filters: MetricsFilters
  outcomes: {
    total: OutcomeRow
    byRisk: (OutcomeRow & { riskLevel: RiskLevel })[]
    byType: (OutcomeRow & { type: ChangeType })[]
    byService: (OutcomeRow & { serviceId: string; serviceName: string })[]
    followUps: number
    /** Outcomes of changes filed from a standard template (issue 13): their failure rate is 1 − success. */
    fromTemplates: OutcomeRow
  }
  weekly: { weekStart: string; submitted: number; completed: number; failed: number; rolledBack: number }[]
  flow: {
    leadTimeToScheduled: Spread
    leadTimeToCompleted: Spread
    waiting: { count: number; ages: Spread; oldest: (ChangeRef & { type: ChangeType; riskLevel: RiskLevel; waitingSeconds: number | null })[] }
    noHumanWait: Rate
  }
  governance: {
    approvers: ApproverRow[]
    groups: GroupRow[]
    decisions: number
    minimalStatements: Rate
    /** Seconds from the signer's first view of the revision to their decision, over the decisions with a recorded view. */
    readingTime: Spread
    emergency: Rate
    emergencyOverdueReview: OverdueEmergencyReviews
    freezeExceptions: { total: number; hard: number; soft: number }
    unscheduledByFreezes: { changes: number; events: number }
    /** Deployments reported through the API that their change did not authorise (409s), and the changes they named. */
    refusedDeployments: { reports: number; changes: number }
  }
  rubberStamp: {
    rule: typeof RUBBER_STAMP
    flagged: { approverId: string; name: string; decisions: number; approvals: number; medianSeconds: number | null; reason: string; shown: FlaggedDecision[] }[]
    flaggedGroups: FlaggedGroup[]
  }
}
