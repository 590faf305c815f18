import 'server-only'
import { customPeriod, isPeriodProblem, presetPeriod, type Period } from '@/lib/domain/metrics/period'
import { rate, type Rate } from '@/lib/domain/metrics/rate'
import { RUBBER_STAMP, rubberStampReason } from '@/lib/domain/metrics/rubber-stamp'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import type { OverdueEmergencyReviews } from '@/lib/server/lifecycle/emergency-reviews'
import { AppError } from '@/lib/server/errors'
import { sharedResult } from '@/lib/server/shared-result'
import { viewerTimeZone } from '@/lib/server/viewer'
import { PeriodQueries } from './period-queries'
import type { MetricsFilters, MetricsReport } from './report'
import type { TMetricsInput } from './schemas'

// The board's numbers (issue 14): one bounded period (at most 366 days) of
// aggregates computed in PostgreSQL (period-queries.ts). Nothing loads rows
// into Node except the short lists the page shows (oldest waiting, flagged
// decisions).

/** The period the input names, in the viewer's zone; INVALID_INPUT for a bad custom range. */
export function resolvePeriod(input: TMetricsInput, timeZone: string, now: Date): Period {
  if (input.period !== 'custom') return presetPeriod(Number(input.period) as 30 | 90 | 365, now)
  const period = customPeriod(input.from ?? '', input.to ?? '', timeZone)
  if (isPeriodProblem(period)) throw new AppError('INVALID_INPUT', period.message, { fieldErrors: { [period.field]: [period.message] } })
  return period
}

/**
 * A report is shared for five minutes, then served up to half an hour old while a newer one is computed. At a million
 * changes a 90-day report is seconds of both cores (bench:http), so recomputing it every minute while anyone looks would
 * cost a board ~15 % of a small machine; figures over 30 to 365 days do not move in five minutes.
 */
export const METRICS_FRESH_MS = 5 * 60_000
const METRICS_STALE_MS = 30 * 60_000
const sharedReports = sharedResult<MetricsReport>({ freshMs: METRICS_FRESH_MS, staleMs: METRICS_STALE_MS, maxEntries: 200 })

/**
 * The report the page, the CSV export and the API show. At a million changes
 * a report is a few seconds of aggregates, the same for every reader with the
 * same period, filters and time zone: it is computed once for all of them
 * and kept METRICS_FRESH_MS (sharedResult), and the page shows when
 * (`computedAt`). A bad custom range is refused before anything is shared.
 */
export async function loadMetrics(actor: Actor, input: TMetricsInput, now: Date = new Date()): Promise<MetricsReport> {
  assertCan(actor, 'metrics:read')
  const timeZone = viewerTimeZone(actor)
  resolvePeriod(input, timeZone, now)
  const key = JSON.stringify([timeZone, input.period, input.from, input.to, input.serviceId, input.type, input.risk])
  return sharedReports(key, () => computeMetrics(actor, input, now), now.getTime())
}

/** The report computed afresh: every figure from the database now. */
export async function computeMetrics(actor: Actor, input: TMetricsInput, now: Date = new Date()): Promise<MetricsReport> {
  assertCan(actor, 'metrics:read')
  const timeZone = viewerTimeZone(actor)
  const period = resolvePeriod(input, timeZone, now)
  const filters: MetricsFilters = { serviceId: input.serviceId, type: input.type, risk: input.risk }
  const q = new PeriodQueries(period, filters, timeZone, now)
  const [outcomes, submissions, followUps, firstSchedulings, waiting, { approvers, groups, readingTime }, overdue, exceptions, unscheduled, refusedDeployments] = await Promise.all([
    q.outcomes(),
    q.submissions(),
    q.followUps(),
    q.firstSchedulings(),
    q.waiting(),
    q.decisions(),
    q.emergencyOverdueReview(),
    q.freezeExceptions(),
    q.unscheduledByFreezes(),
    q.refusedDeployments(),
  ])
  const flaggedApprovers = approvers.filter((a) => a.flagged)
  const flagged = await Promise.all(
    flaggedApprovers.map(async (a) => ({
      approverId: a.approverId,
      name: a.name,
      decisions: a.decisions,
      approvals: a.approvals,
      medianSeconds: a.timeToDecision.p50,
      reason: rubberStampReason({ decisions: a.decisions, approvals: a.approvals, medianDecisionSeconds: a.timeToDecision.p50 }),
      shown: await q.decisionsOf({ approverId: a.approverId }),
    })),
  )
  const flaggedGroups = await Promise.all(
    groups
      .filter((g) => g.flagged)
      .map(async (g) => ({
        groupId: g.groupId,
        name: g.name,
        decisions: g.decisions,
        approvals: g.approvals,
        medianSeconds: g.timeToDecision.p50,
        reason: rubberStampReason({ decisions: g.decisions, approvals: g.approvals, medianDecisionSeconds: g.timeToDecision.p50 }),
        shown: await q.decisionsOf({ groupId: g.groupId }),
      })),
  )
  const decisions = approvers.reduce((sum, a) => sum + a.decisions, 0)
  return {
    computedAt: now.toISOString(),
    period: { from: period.from.toISOString(), to: period.to.toISOString(), days: period.days, label: period.label, timeZone, input: { period: input.period, from: input.from, to: input.to } },
    filters,
    outcomes: { total: outcomes.total, byRisk: outcomes.byRisk, byType: outcomes.byType, byService: outcomes.byService, followUps, fromTemplates: outcomes.fromTemplates },
    weekly: q.weekly(submissions.weeks, outcomes.weeks),
    flow: { leadTimeToScheduled: firstSchedulings.leadTime, leadTimeToCompleted: outcomes.leadTimeToCompleted, waiting, noHumanWait: firstSchedulings.noHumanWait },
    governance: {
      approvers,
      groups,
      decisions,
      minimalStatements: rate(
        approvers.reduce((sum, a) => sum + a.minimalStatements, 0),
        decisions,
      ),
      readingTime,
      emergency: submissions.emergency,
      emergencyOverdueReview: overdue,
      freezeExceptions: exceptions,
      unscheduledByFreezes: unscheduled,
      refusedDeployments,
    },
    rubberStamp: { rule: RUBBER_STAMP, flagged, flaggedGroups },
  }
}

/** The dashboard shows the emergency reviews overdue this far, and the board's emergency share over this many days. */
export const EMERGENCY_WATCH_SHOWN = 5
export const EMERGENCY_WATCH_DAYS = 30
/** The dashboard counts overdue reviews this far ("100+"); the metrics page has the full count. */
export const EMERGENCY_WATCH_COUNT_CAP = 100
const sharedShares = sharedResult<Rate>({ freshMs: 5 * 60_000, staleMs: 60 * 60_000, maxEntries: 1 })

/**
 * The change managers' emergency watch on the dashboard: the emergency
 * reviews overdue now and the emergency share of the last 30 days, read by the
 * metrics' own queries so the two pages can never disagree.
 */
export async function loadEmergencyWatch(actor: Actor, now: Date = new Date()): Promise<{ share: Rate; days: number; overdue: OverdueEmergencyReviews; timeZone: string }> {
  assertCan(actor, 'metrics:read')
  const timeZone = viewerTimeZone(actor)
  const q = new PeriodQueries(presetPeriod(EMERGENCY_WATCH_DAYS, now), {}, timeZone, now)
  // The overdue list is read live (a partial index holds only the reviews owed); the 30-day share is an
  // aggregate over a month of submissions that barely moves in minutes, so every manager's dashboard shares it.
  const [share, overdue] = await Promise.all([sharedShares('emergency-share', async () => (await q.submissions()).emergency, now.getTime()), q.emergencyOverdueReview(EMERGENCY_WATCH_SHOWN, EMERGENCY_WATCH_COUNT_CAP)])
  return { share, days: EMERGENCY_WATCH_DAYS, overdue, timeZone }
}
