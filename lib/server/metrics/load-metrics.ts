import 'server-only'
import { MIN_STATEMENT_CHARS } from '@/lib/domain/sign-off/validate-sign-off'
import { customPeriod, isPeriodProblem, presetPeriod, type Period } from '@/lib/domain/metrics/period'
import type { Spread } from '@/lib/domain/metrics/percentile'
import { rate, successRate, type Rate } from '@/lib/domain/metrics/rate'
import { RUBBER_STAMP, isRubberStamp, rubberStampReason } from '@/lib/domain/metrics/rubber-stamp'
import { weeksOf } from '@/lib/domain/metrics/weeks'
import type { Actor, ChangeType, RiskLevel } from '@/lib/domain/shared/types'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { Prisma } from '@/lib/generated/prisma/client'
import { assertCan } from '@/lib/server/assert-can'
import { overdueEmergencyReviews, type OverdueEmergencyReviews } from '@/lib/server/lifecycle/emergency-reviews'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { sharedResult } from '@/lib/server/shared-result'
import { viewerTimeZone } from '@/lib/server/viewer'
import type { TMetricsInput } from './schemas'

// The board's numbers (issue 14). Every figure is an aggregate computed in
// PostgreSQL over one bounded period (at most 366 days) and read on indexes:
// events by (action, at), sign-offs by signedAt, exceptions by createdAt;
// a change's own audit trail by (changeId, at). Nothing loads rows into Node
// except the short lists the page shows (oldest waiting, flagged decisions).
// Percentiles are percentile_disc, the nearest-rank definition of
// lib/domain/metrics/percentile.ts.

/** A decision statement "at the minimum": no longer than the rule's minimum plus this many characters. */
export const MINIMAL_STATEMENT_MARGIN = 5
export const MINIMAL_STATEMENT_MAX_CHARS = MIN_STATEMENT_CHARS + MINIMAL_STATEMENT_MARGIN
const FLAGGED_DECISIONS_SHOWN = 50
const LIST_SHOWN = 20

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
  const q = new Queries(period, filters, timeZone, now)
  const [outcomes, byService, followUps, weekly, toScheduled, toCompleted, waiting, noHumanWait, { approvers, groups, readingTime }, emergency, overdue, exceptions, unscheduled, fromTemplates, refusedDeployments] = await Promise.all([
    q.outcomes(),
    q.outcomesByService(),
    q.followUps(),
    q.weekly(),
    q.leadTime('change.scheduled'),
    q.leadTime('change.completed'),
    q.waiting(),
    q.noHumanWait(),
    q.decisions(),
    q.emergencyShare(),
    q.emergencyOverdueReview(),
    q.freezeExceptions(),
    q.unscheduledByFreezes(),
    q.outcomesFromTemplates(),
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
      shown: await q.decisionsOf(Prisma.sql`s."approverId" = ${a.approverId}::uuid`),
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
        shown: await q.decisionsOf(Prisma.sql`s."approverId" IN (SELECT m."userId" FROM "ApproverGroupMember" m WHERE m."groupId" = ${g.groupId}::uuid)`),
      })),
  )
  const decisions = approvers.reduce((sum, a) => sum + a.decisions, 0)
  return {
    computedAt: now.toISOString(),
    period: { from: period.from.toISOString(), to: period.to.toISOString(), days: period.days, label: period.label, timeZone, input: { period: input.period, from: input.from, to: input.to } },
    filters,
    outcomes: { ...outcomes, byService, followUps, fromTemplates },
    weekly,
    flow: { leadTimeToScheduled: toScheduled, leadTimeToCompleted: toCompleted, waiting, noHumanWait },
    governance: {
      approvers,
      groups,
      decisions,
      minimalStatements: rate(
        approvers.reduce((sum, a) => sum + a.minimalStatements, 0),
        decisions,
      ),
      readingTime,
      emergency,
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
  const q = new Queries(presetPeriod(EMERGENCY_WATCH_DAYS, now), {}, timeZone, now)
  // The overdue list is read live (a partial index holds only the reviews owed); the 30-day share is an
  // aggregate over a month of submissions that barely moves in minutes, so every manager's dashboard shares it.
  const [share, overdue] = await Promise.all([sharedShares('emergency-share', () => q.emergencyShare(), now.getTime()), q.emergencyOverdueReview(EMERGENCY_WATCH_SHOWN, EMERGENCY_WATCH_COUNT_CAP)])
  return { share, days: EMERGENCY_WATCH_DAYS, overdue, timeZone }
}

type CountRow = { completed: number; failed: number; rolledBack: number }
const OUTCOME_ACTIONS = Prisma.sql`('change.completed', 'change.failed', 'change.rolled-back')`
const OUTCOME_COUNTS = Prisma.sql`
  count(*) FILTER (WHERE a.action = 'change.completed')::int AS completed,
  count(*) FILTER (WHERE a.action = 'change.failed')::int AS failed,
  count(*) FILTER (WHERE a.action = 'change.rolled-back')::int AS "rolledBack"`
const outcomeRow = (r: CountRow): OutcomeRow => ({ completed: r.completed, failed: r.failed, rolledBack: r.rolledBack, success: successRate(r) })
const toSpread = (r: { count: number; p50: number | null; p90: number | null } | undefined): Spread => ({ count: r?.count ?? 0, p50: r?.p50 ?? null, p90: r?.p90 ?? null })
const SPREAD_OF = (column: Prisma.Sql) => Prisma.sql`count(${column})::int AS count,
  percentile_disc(0.5) WITHIN GROUP (ORDER BY ${column}) AS p50,
  percentile_disc(0.9) WITHIN GROUP (ORDER BY ${column}) AS p90`

class Queries {
  private readonly filter: Prisma.Sql
  constructor(
    private readonly period: Period,
    filters: MetricsFilters,
    private readonly timeZone: string,
    private readonly now: Date,
  ) {
    const and: Prisma.Sql[] = [Prisma.sql`TRUE`]
    if (filters.type) and.push(Prisma.sql`c.type = ${filters.type}::"ChangeType"`)
    if (filters.risk) and.push(Prisma.sql`c."riskLevel" = ${filters.risk}::"RiskLevel"`)
    if (filters.serviceId) and.push(Prisma.sql`EXISTS (SELECT 1 FROM "ChangeService" fs WHERE fs."changeId" = c.id AND fs."serviceId" = ${filters.serviceId}::uuid)`)
    this.filter = Prisma.join(and, ' AND ')
  }

  /** Events of the period (at in [from, to)). */
  private inPeriod(column: Prisma.Sql): Prisma.Sql {
    return Prisma.sql`${column} >= ${this.period.from}::timestamptz AND ${column} < ${this.period.to}::timestamptz`
  }

  async outcomes(): Promise<{ total: OutcomeRow; byRisk: (OutcomeRow & { riskLevel: RiskLevel })[]; byType: (OutcomeRow & { type: ChangeType })[] }> {
    const rows = await prisma.$queryRaw<(CountRow & { riskLevel: RiskLevel | null; type: ChangeType | null; byRisk: number; byType: number })[]>`
      SELECT c."riskLevel"::text AS "riskLevel", c.type::text AS type,
             (GROUPING(c."riskLevel") = 0)::int AS "byRisk", (GROUPING(c.type) = 0)::int AS "byType", ${OUTCOME_COUNTS}
        FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
       WHERE a.action IN ${OUTCOME_ACTIONS} AND ${this.inPeriod(Prisma.sql`a.at`)} AND ${this.filter}
       GROUP BY GROUPING SETS ((c."riskLevel"), (c.type), ())`
    const total = rows.find((r) => r.byRisk === 0 && r.byType === 0)
    const risks: RiskLevel[] = ['LOW', 'MEDIUM', 'HIGH']
    const types: ChangeType[] = ['STANDARD', 'NORMAL', 'EMERGENCY']
    const zero: CountRow = { completed: 0, failed: 0, rolledBack: 0 }
    return {
      total: outcomeRow(total ?? zero),
      byRisk: risks.map((riskLevel) => ({ riskLevel, ...outcomeRow(rows.find((r) => r.byRisk === 1 && r.riskLevel === riskLevel) ?? zero) })),
      byType: types.map((type) => ({ type, ...outcomeRow(rows.find((r) => r.byType === 1 && r.type === type) ?? zero) })),
    }
  }

  async outcomesFromTemplates(): Promise<OutcomeRow> {
    const [row] = await prisma.$queryRaw<CountRow[]>`
      SELECT ${OUTCOME_COUNTS}
        FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
       WHERE a.action IN ${OUTCOME_ACTIONS} AND ${this.inPeriod(Prisma.sql`a.at`)} AND ${this.filter} AND c."templateVersionId" IS NOT NULL`
    return outcomeRow(row ?? { completed: 0, failed: 0, rolledBack: 0 })
  }

  async outcomesByService(): Promise<(OutcomeRow & { serviceId: string; serviceName: string })[]> {
    const rows = await prisma.$queryRaw<(CountRow & { serviceId: string; serviceName: string })[]>`
      SELECT s.id AS "serviceId", s.name AS "serviceName", ${OUTCOME_COUNTS}
        FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
        JOIN "ChangeService" cs ON cs."changeId" = c.id JOIN "Service" s ON s.id = cs."serviceId"
       WHERE a.action IN ${OUTCOME_ACTIONS} AND ${this.inPeriod(Prisma.sql`a.at`)} AND ${this.filter}
       GROUP BY s.id, s.name
       ORDER BY count(*) DESC, s.name
       LIMIT 25`
    return rows.map((r) => ({ serviceId: r.serviceId, serviceName: r.serviceName, ...outcomeRow(r) }))
  }

  /** Follow-up changes (a retry or next stage) raised in the period. */
  async followUps(): Promise<number> {
    const [row] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
       WHERE a.action = 'change.created' AND ${this.inPeriod(Prisma.sql`a.at`)} AND c."previousChangeId" IS NOT NULL AND ${this.filter}`
    return row?.n ?? 0
  }

  /** First submissions and outcomes per week (Monday 00:00 in the viewer's zone), zero-filled. */
  async weekly(): Promise<MetricsReport['weekly']> {
    const rows = await prisma.$queryRaw<(CountRow & { week: Date; submitted: number })[]>`
      SELECT date_trunc('week', a.at, ${this.timeZone}) AS week,
             count(*) FILTER (WHERE a.action = 'change.submitted')::int AS submitted, ${OUTCOME_COUNTS}
        FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
       WHERE a.action IN ('change.submitted', 'change.completed', 'change.failed', 'change.rolled-back')
         AND ${this.inPeriod(Prisma.sql`a.at`)} AND ${this.filter}
       GROUP BY 1`
    const byWeek = new Map(rows.map((r) => [r.week.getTime(), r]))
    return weeksOf(this.period.from, this.period.to, this.timeZone).map((week) => {
      const r = byWeek.get(week.getTime())
      return { weekStart: week.toISOString(), submitted: r?.submitted ?? 0, completed: r?.completed ?? 0, failed: r?.failed ?? 0, rolledBack: r?.rolledBack ?? 0 }
    })
  }

  /** Seconds from a change's first submission to its first `action` event in the period. */
  async leadTime(action: 'change.scheduled' | 'change.completed'): Promise<Spread> {
    const [row] = await prisma.$queryRaw<{ count: number; p50: number | null; p90: number | null }[]>`
      WITH firsts AS (
        SELECT a."changeId", min(a.at) AS at
          FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
         WHERE a.action = ${action} AND ${this.inPeriod(Prisma.sql`a.at`)} AND ${this.filter}
         GROUP BY a."changeId"),
      leads AS (
        SELECT extract(epoch FROM f.at - sub.at)::float8 AS secs
          FROM firsts f
          CROSS JOIN LATERAL (SELECT min(e.at) AS at FROM "AuditEvent" e WHERE e."changeId" = f."changeId" AND e.action = 'change.submitted') sub
         WHERE sub.at IS NOT NULL AND sub.at <= f.at)
      SELECT ${SPREAD_OF(Prisma.sql`secs`)} FROM leads`
    return toSpread(row)
  }

  /**
   * Changes waiting for sign-off now, aged from their current revision's
   * submission (the latest event into SUBMITTED). Set-based: the waiting
   * changes once, their submissions in one grouped join on (changeId, at),
   * not a lookup per change.
   */
  async waiting(): Promise<MetricsReport['flow']['waiting']> {
    const waitingSql = Prisma.sql`
      WITH w AS (
        SELECT c.id, c.number, c.title, c.type, c."riskLevel" FROM "ChangeRequest" c WHERE c.status = 'SUBMITTED' AND ${this.filter}),
      sub AS (
        SELECT e."changeId", max(e.at) AS at FROM "AuditEvent" e JOIN w ON w.id = e."changeId"
         WHERE e."toStatus" = 'SUBMITTED' GROUP BY e."changeId")
      SELECT w.id, w.number, w.title, w.type::text AS type, w."riskLevel"::text AS "riskLevel",
             extract(epoch FROM ${this.now}::timestamptz - sub.at)::float8 AS secs
        FROM w LEFT JOIN sub ON sub."changeId" = w.id`
    type Oldest = { id: string; number: number; title: string; type: ChangeType; riskLevel: RiskLevel; secs: number | null }
    // One statement, so the waiting changes and their submissions are read once for the figures and the list.
    const [row] = await prisma.$queryRaw<{ stats: { all: number; count: number; p50: number | null; p90: number | null }; oldest: Oldest[] }[]>`
      WITH x AS MATERIALIZED (${waitingSql})
      SELECT (SELECT row_to_json(t) FROM (SELECT count(*)::int AS all, ${SPREAD_OF(Prisma.sql`secs`)} FROM x) t) AS stats,
             (SELECT COALESCE(json_agg(o), '[]'::json)
                FROM (SELECT x.id, x.number, x.title, x.type, x."riskLevel", x.secs FROM x ORDER BY x.secs DESC NULLS LAST, x.number LIMIT ${LIST_SHOWN}) o) AS oldest`
    const stats = row?.stats
    const oldest = row?.oldest ?? []
    return {
      count: stats?.all ?? 0,
      ages: toSpread(stats),
      oldest: oldest.map((r) => ({ id: r.id, number: formatChangeNumber(r.number), title: r.title, type: r.type, riskLevel: r.riskLevel, waitingSeconds: r.secs })),
    }
  }

  /** Of the changes first scheduled in the period, the standard ones their own requester scheduled (no human wait). */
  async noHumanWait(): Promise<Rate> {
    const [row] = await prisma.$queryRaw<{ scheduled: number; own: number }[]>`
      WITH firsts AS (
        SELECT DISTINCT ON (a."changeId") a."changeId", a."actorId"
          FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
         WHERE a.action = 'change.scheduled' AND ${this.inPeriod(Prisma.sql`a.at`)} AND ${this.filter}
         ORDER BY a."changeId", a.at)
      SELECT count(*)::int AS scheduled, count(*) FILTER (WHERE c.type = 'STANDARD' AND f."actorId" = c."requesterId")::int AS own
        FROM firsts f JOIN "ChangeRequest" c ON c.id = f."changeId"`
    return rate(row?.own ?? 0, row?.scheduled ?? 0)
  }

  private decisionsSql(extra: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
    return Prisma.sql`
      SELECT s.id, s."approverId", s."changeId", s.decision::text AS decision, s."signedAt", s.statement,
             char_length(btrim(s.statement)) <= ${MINIMAL_STATEMENT_MAX_CHARS}::int AS minimal,
             extract(epoch FROM s."signedAt" - p.at)::float8 AS secs,
             extract(epoch FROM s."signedAt" - v."firstViewedAt")::float8 AS "readingSecs"
        FROM "SignOff" s JOIN "ChangeRequest" c ON c.id = s."changeId"
        LEFT JOIN LATERAL (
          SELECT max(e.at) AS at FROM "AuditEvent" e
           WHERE e."changeId" = s."changeId" AND e."toStatus" = 'SUBMITTED' AND e.at <= s."signedAt") p ON TRUE
        LEFT JOIN "ChangeView" v
          ON v."changeId" = s."changeId" AND v."userId" = COALESCE(s."delegateId", s."approverId") AND v.revision = s."revisionNumber" AND v."firstViewedAt" <= s."signedAt"
       WHERE ${this.inPeriod(Prisma.sql`s."signedAt"`)} AND ${this.filter} AND ${extra}`
  }

  /**
   * Per approver, per approver group and the reading time, from one pass over
   * the period's decisions (each needs its revision's submission and the
   * signer's first view: the costliest part of the report, so it is done once
   * and shared by the three aggregates through a materialised CTE).
   */
  async decisions(): Promise<{ approvers: ApproverRow[]; groups: GroupRow[]; readingTime: Spread }> {
    type SpreadRow = { count: number; p50: number | null; p90: number | null }
    type ApproverAgg = SpreadRow & { approverId: string; name: string; decisions: number; approvals: number; rejections: number; minimal: number }
    type GroupAgg = SpreadRow & { groupId: string; name: string; members: number; decisions: number; approvals: number; rejections: number }
    const [row] = await prisma.$queryRaw<{ approvers: ApproverAgg[]; groups: GroupAgg[]; reading: SpreadRow | null }[]>`
      WITH d AS MATERIALIZED (${this.decisionsSql()}),
      per_approver AS (
        SELECT d."approverId", u.name, count(*)::int AS decisions,
               count(*) FILTER (WHERE d.decision = 'APPROVED')::int AS approvals,
               count(*) FILTER (WHERE d.decision = 'REJECTED')::int AS rejections,
               count(*) FILTER (WHERE d.minimal)::int AS minimal,
               ${SPREAD_OF(Prisma.sql`d.secs`)}
          FROM d JOIN "User" u ON u.id = d."approverId"
         GROUP BY d."approverId", u.name),
      per_group AS (
        SELECT g.id AS "groupId", g.name,
               (SELECT count(*)::int FROM "ApproverGroupMember" gm WHERE gm."groupId" = g.id) AS members,
               count(*)::int AS decisions,
               count(*) FILTER (WHERE d.decision = 'APPROVED')::int AS approvals,
               count(*) FILTER (WHERE d.decision = 'REJECTED')::int AS rejections,
               ${SPREAD_OF(Prisma.sql`d.secs`)}
          FROM d
          JOIN "ApproverGroupMember" m ON m."userId" = d."approverId"
          JOIN "ApproverGroup" g ON g.id = m."groupId"
         GROUP BY g.id, g.name),
      reading AS (SELECT ${SPREAD_OF(Prisma.sql`d."readingSecs"`)} FROM d)
      SELECT (SELECT COALESCE(json_agg(a ORDER BY a.decisions DESC, a.name), '[]'::json) FROM per_approver a) AS approvers,
             (SELECT COALESCE(json_agg(g ORDER BY g.decisions DESC, g.name), '[]'::json) FROM per_group g) AS groups,
             (SELECT row_to_json(r) FROM reading r) AS reading`
    const flagged = (r: { decisions: number; approvals: number }, timeToDecision: Spread) =>
      isRubberStamp({ decisions: r.decisions, approvals: r.approvals, medianDecisionSeconds: timeToDecision.p50 })
    const approvers = (row?.approvers ?? []).map((r): ApproverRow => {
      const timeToDecision = toSpread(r)
      return {
        approverId: r.approverId,
        name: r.name,
        decisions: r.decisions,
        approvals: r.approvals,
        rejections: r.rejections,
        approvalRate: rate(r.approvals, r.decisions),
        minimalStatements: r.minimal,
        timeToDecision,
        flagged: flagged(r, timeToDecision),
      }
    })
    const groups = (row?.groups ?? []).map((r): GroupRow => {
      const timeToDecision = toSpread(r)
      return {
        groupId: r.groupId,
        name: r.name,
        members: r.members,
        decisions: r.decisions,
        approvals: r.approvals,
        rejections: r.rejections,
        approvalRate: rate(r.approvals, r.decisions),
        timeToDecision,
        flagged: flagged(r, timeToDecision),
      }
    })
    return { approvers, groups, readingTime: toSpread(row?.reading ?? undefined) }
  }

  /** The latest decisions of the period behind a flag: one approver's, or a group's members'. */
  async decisionsOf(whose: Prisma.Sql): Promise<FlaggedDecision[]> {
    const rows = await prisma.$queryRaw<{ changeId: string; number: number; title: string; decision: 'APPROVED' | 'REJECTED'; signedAt: Date; secs: number | null; statement: string }[]>`
      SELECT d."changeId", c.number, c.title, d.decision, d."signedAt", d.secs, d.statement
        FROM (${this.decisionsSql(whose)}) d JOIN "ChangeRequest" c ON c.id = d."changeId"
       ORDER BY d."signedAt" DESC
       LIMIT ${FLAGGED_DECISIONS_SHOWN}`
    return rows.map((r) => ({ id: r.changeId, number: formatChangeNumber(r.number), title: r.title, decision: r.decision, signedAt: r.signedAt.toISOString(), seconds: r.secs, statement: r.statement }))
  }

  /** Of the changes first submitted in the period, the emergency ones. */
  async emergencyShare(): Promise<Rate> {
    const [row] = await prisma.$queryRaw<{ submitted: number; emergency: number }[]>`
      SELECT count(DISTINCT a."changeId")::int AS submitted, count(DISTINCT a."changeId") FILTER (WHERE c.type = 'EMERGENCY')::int AS emergency
        FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
       WHERE a.action = 'change.submitted' AND ${this.inPeriod(Prisma.sql`a.at`)} AND ${this.filter}`
    return rate(row?.emergency ?? 0, row?.submitted ?? 0)
  }

  /** Emergency changes overdue for their retrospective review — now, not in the period (the one definition: emergency-reviews.ts). */
  emergencyOverdueReview(limit: number = LIST_SHOWN, countCap?: number): Promise<OverdueEmergencyReviews> {
    return overdueEmergencyReviews(prisma, { now: this.now, limit, filter: this.filter, countCap })
  }

  async freezeExceptions(): Promise<MetricsReport['governance']['freezeExceptions']> {
    const [row] = await prisma.$queryRaw<{ total: number; hard: number }[]>`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE fe."grantedSeverity" = 'HARD')::int AS hard
        FROM "FreezeException" fe JOIN "ChangeRequest" c ON c.id = fe."changeId"
       WHERE ${this.inPeriod(Prisma.sql`fe."createdAt"`)} AND ${this.filter}`
    const total = row?.total ?? 0
    const hard = row?.hard ?? 0
    return { total, hard, soft: total - hard }
  }

  /** Scheduled changes a freeze declared or widened later sent back to Approved (audit: change.unscheduled with a freezeId). */
  async unscheduledByFreezes(): Promise<MetricsReport['governance']['unscheduledByFreezes']> {
    const [row] = await prisma.$queryRaw<{ events: number; changes: number }[]>`
      SELECT count(*)::int AS events, count(DISTINCT a."changeId")::int AS changes
        FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
       WHERE a.action = 'change.unscheduled' AND a.details ->> 'freezeId' IS NOT NULL AND ${this.inPeriod(Prisma.sql`a.at`)} AND ${this.filter}`
    return { events: row?.events ?? 0, changes: row?.changes ?? 0 }
  }

  /** Deployment reports a change did not authorise (audit: deployment.refused, written by reportDeployment beside its 409). */
  async refusedDeployments(): Promise<MetricsReport['governance']['refusedDeployments']> {
    const [row] = await prisma.$queryRaw<{ reports: number; changes: number }[]>`
      SELECT count(*)::int AS reports, count(DISTINCT a."changeId")::int AS changes
        FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
       WHERE a.action = 'deployment.refused' AND ${this.inPeriod(Prisma.sql`a.at`)} AND ${this.filter}`
    return { reports: row?.reports ?? 0, changes: row?.changes ?? 0 }
  }
}
