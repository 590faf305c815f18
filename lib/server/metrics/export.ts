import 'server-only'
import { toCsv, type CsvCell } from '@/lib/domain/metrics/csv'
import type { Rate } from '@/lib/domain/metrics/rate'
import type { MetricsReport, OutcomeRow } from './report'
import type { MetricsTable } from './schemas'

// Every table of the metrics page as CSV (the page's /metrics/export route).
// Rates are written as a share (0.6) beside their numerator and denominator.

const rateCells = (r: Rate): CsvCell[] => [r.numerator, r.denominator, r.value]
const OUTCOME_HEADER = ['completed', 'failed', 'rolled_back', 'success_numerator', 'success_denominator', 'success_rate']
const outcomeCells = (r: OutcomeRow): CsvCell[] => [r.completed, r.failed, r.rolledBack, ...rateCells(r.success)]

export function metricsCsv(report: MetricsReport, table: MetricsTable): string {
  switch (table) {
    case 'outcomes-by-risk':
      return toCsv(['risk_level', ...OUTCOME_HEADER], [...report.outcomes.byRisk.map((r) => [r.riskLevel, ...outcomeCells(r)]), ['TOTAL', ...outcomeCells(report.outcomes.total)]])
    case 'outcomes-by-type':
      return toCsv(['type', ...OUTCOME_HEADER], report.outcomes.byType.map((r) => [r.type, ...outcomeCells(r)]))
    case 'outcomes-by-service':
      return toCsv(['service_id', 'service', ...OUTCOME_HEADER], report.outcomes.byService.map((r) => [r.serviceId, r.serviceName, ...outcomeCells(r)]))
    case 'weekly':
      return toCsv(['week_start', 'submitted', 'completed', 'failed', 'rolled_back'], report.weekly.map((w) => [w.weekStart, w.submitted, w.completed, w.failed, w.rolledBack]))
    case 'governance': {
      // The figures listed under Governance, one per row: a count, or a rate with its numerator and denominator.
      const g = report.governance
      const count = (figure: string, n: number): CsvCell[] => [figure, n, null, null]
      return toCsv(
        ['figure', 'count', 'of', 'rate'],
        [
          count('decisions', g.decisions),
          ['minimal_statements', ...rateCells(g.minimalStatements)],
          ['emergency_share', ...rateCells(g.emergency)],
          count('emergency_overdue_review', g.emergencyOverdueReview.count),
          count('freeze_exceptions_hard', g.freezeExceptions.hard),
          count('freeze_exceptions_soft', g.freezeExceptions.soft),
          count('changes_unscheduled_by_freezes', g.unscheduledByFreezes.changes),
          count('refused_deployment_reports', g.refusedDeployments.reports),
          count('changes_with_refused_deployment_reports', g.refusedDeployments.changes),
        ],
      )
    }
    case 'approvers':
      return toCsv(
        ['approver_id', 'approver', 'decisions', 'approvals', 'rejections', 'approval_rate', 'minimal_statements', 'decision_seconds_p50', 'decision_seconds_p90', 'rubber_stamp_flag'],
        report.governance.approvers.map((a) => [a.approverId, a.name, a.decisions, a.approvals, a.rejections, a.approvalRate.value, a.minimalStatements, a.timeToDecision.p50, a.timeToDecision.p90, a.flagged ? 'yes' : 'no']),
      )
    case 'groups':
      return toCsv(
        ['group_id', 'group', 'members', 'decisions', 'approvals', 'rejections', 'approval_rate', 'decision_seconds_p50', 'decision_seconds_p90', 'rubber_stamp_flag'],
        report.governance.groups.map((g) => [g.groupId, g.name, g.members, g.decisions, g.approvals, g.rejections, g.approvalRate.value, g.timeToDecision.p50, g.timeToDecision.p90, g.flagged ? 'yes' : 'no']),
      )
    case 'waiting':
      return toCsv(['change', 'title', 'type', 'risk_level', 'waiting_seconds'], report.flow.waiting.oldest.map((w) => [w.number, w.title, w.type, w.riskLevel, w.waitingSeconds]))
    case 'flagged-decisions':
      return toCsv(
        ['flagged', 'change', 'title', 'decision', 'signed_at', 'seconds_to_decision', 'statement'],
        [...report.rubberStamp.flagged, ...report.rubberStamp.flaggedGroups.map((g) => ({ ...g, name: `${g.name} (group)` }))].flatMap((f) =>
          f.shown.map((d) => [f.name, d.number, d.title, d.decision, d.signedAt, d.seconds, d.statement]),
        ),
      )
  }
}
