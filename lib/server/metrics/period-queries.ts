import 'server-only'
import type { Period } from '@/lib/domain/metrics/period'
import type { Spread } from '@/lib/domain/metrics/percentile'
import { rate, successRate, type Rate } from '@/lib/domain/metrics/rate'
import { isRubberStamp } from '@/lib/domain/metrics/rubber-stamp'
import { weeksOf } from '@/lib/domain/metrics/weeks'
import type { ChangeType, RiskLevel } from '@/lib/domain/shared/types'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { Prisma } from '@/lib/generated/prisma/client'
import { overdueEmergencyReviews, type OverdueEmergencyReviews } from '@/lib/server/lifecycle/emergency-reviews'
import { prisma } from '@/lib/server/db'
import { MINIMAL_STATEMENT_MAX_CHARS, type ApproverRow, type FlaggedDecision, type GroupRow, type MetricsFilters, type MetricsReport, type OutcomeRow } from './report'

// Every figure of a period is an aggregate over one range of the metrics'
// read model (migration 20261207170000_metric_facts): ChangeFact holds the
// moments of each change's life (created, first submitted, first scheduled,
// its outcome), DecisionFact each sign-off with the moments its timings count
// from. Database triggers keep both equal to the audit trail, the sign-offs
// and the views, so a figure reads one narrow table on one index instead of
// joining the audit trail to the changes (seconds per figure at a million
// changes). The few figures over rare events (unscheduling, refused
// deployments, freeze exceptions) still read their own rows. Percentiles are
// percentile_disc, the nearest-rank definition of lib/domain/metrics/percentile.ts.

const FLAGGED_DECISIONS_SHOWN = 50
const LIST_SHOWN = 20

type CountRow = { completed: number; failed: number; rolledBack: number }
type PeriodOutcomes = Pick<MetricsReport['outcomes'], 'total' | 'byRisk' | 'byType' | 'fromTemplates' | 'byService'> & {
  /** Outcome counts per week (width_bucket's bucket over the period's week starts). */
  weeks: Map<number, CountRow>
  leadTimeToCompleted: Spread
}
const OUTCOME_COUNTS = Prisma.sql`
  count(*) FILTER (WHERE f.outcome = 'COMPLETED')::int AS completed,
  count(*) FILTER (WHERE f.outcome = 'FAILED')::int AS failed,
  count(*) FILTER (WHERE f.outcome = 'ROLLED_BACK')::int AS "rolledBack"`
const ZERO_COUNTS: CountRow = { completed: 0, failed: 0, rolledBack: 0 }
const outcomeRow = (r: CountRow): OutcomeRow => ({ completed: r.completed, failed: r.failed, rolledBack: r.rolledBack, success: successRate(r) })
type SpreadRow = { count: number; p50: number | null; p90: number | null }
const toSpread = (r: SpreadRow | null | undefined): Spread => ({ count: r?.count ?? 0, p50: r?.p50 ?? null, p90: r?.p90 ?? null })
const SPREAD_OF = (column: Prisma.Sql) => Prisma.sql`count(${column})::int AS count,
  percentile_disc(0.5) WITHIN GROUP (ORDER BY ${column}) AS p50,
  percentile_disc(0.9) WITHIN GROUP (ORDER BY ${column}) AS p90`
/** Seconds from the revision's submission to the decision. */
const DECISION_SECONDS = Prisma.sql`extract(epoch FROM d."signedAt" - d."submittedAt")::float8`
const RISKS: RiskLevel[] = ['LOW', 'MEDIUM', 'HIGH']
const TYPES: ChangeType[] = ['STANDARD', 'NORMAL', 'EMERGENCY']

/** The filters on ChangeRequest c. */
function changeFilter(filters: MetricsFilters): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`TRUE`]
  if (filters.type) and.push(Prisma.sql`c.type = ${filters.type}::"ChangeType"`)
  if (filters.risk) and.push(Prisma.sql`c."riskLevel" = ${filters.risk}::"RiskLevel"`)
  if (filters.serviceId) and.push(Prisma.sql`EXISTS (SELECT 1 FROM "ChangeService" fs WHERE fs."changeId" = c.id AND fs."serviceId" = ${filters.serviceId}::uuid)`)
  return Prisma.join(and, ' AND ')
}

/** The same filters on ChangeFact f, whose row carries the change's services. */
function factFilter(filters: MetricsFilters): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`TRUE`]
  if (filters.type) and.push(Prisma.sql`f.type = ${filters.type}::"ChangeType"`)
  if (filters.risk) and.push(Prisma.sql`f."riskLevel" = ${filters.risk}::"RiskLevel"`)
  if (filters.serviceId) and.push(Prisma.sql`${filters.serviceId}::uuid = ANY (f."serviceIds")`)
  return Prisma.join(and, ' AND ')
}

export class PeriodQueries {
  /** The filters on ChangeRequest c (rows read beside the read model). */
  private readonly changeFilter: Prisma.Sql
  /** The filters on ChangeFact f. */
  private readonly factFilter: Prisma.Sql
  private readonly filtered: boolean
  private readonly weeks: Date[]
  constructor(
    private readonly period: Period,
    filters: MetricsFilters,
    timeZone: string,
    private readonly now: Date,
  ) {
    this.changeFilter = changeFilter(filters)
    this.factFilter = factFilter(filters)
    this.filtered = Boolean(filters.type || filters.risk || filters.serviceId)
    this.weeks = weeksOf(period.from, period.to, timeZone)
  }

  /** Moments of the period (in [from, to)). */
  private inPeriod(column: Prisma.Sql): Prisma.Sql {
    return Prisma.sql`${column} >= ${this.period.from}::timestamptz AND ${column} < ${this.period.to}::timestamptz`
  }

  /**
   * Everything about the outcomes recorded in the period, from one pass over them: in total, per risk level,
   * per type, of changes filed from a standard template, per service (the 25 with most), per week, and the lead
   * time from first submission to completion.
   */
  async outcomes(): Promise<PeriodOutcomes> {
    type Sets = CountRow & { riskLevel: RiskLevel | null; type: ChangeType | null; fromTemplate: boolean | null; set: 'total' | 'risk' | 'type' | 'template' }
    type Row = { sets: Sets[]; services: (CountRow & { serviceId: string; serviceName: string })[]; weeks: (CountRow & { week: number })[]; completed: SpreadRow | null }
    const [row] = await prisma.$queryRaw<Row[]>`
      WITH f AS MATERIALIZED (
        SELECT f.outcome, f.type, f."riskLevel", f."fromTemplate", f."serviceIds",
               width_bucket(f."outcomeAt", ${this.weekStarts()}) AS week,
               CASE WHEN f.outcome = 'COMPLETED' AND f."firstSubmittedAt" <= f."outcomeAt" THEN extract(epoch FROM f."outcomeAt" - f."firstSubmittedAt")::float8 END AS secs
          FROM "ChangeFact" f WHERE ${this.inPeriod(Prisma.sql`f."outcomeAt"`)} AND ${this.factFilter})
      SELECT
        (SELECT COALESCE(json_agg(x), '[]'::json) FROM (
           SELECT f."riskLevel", f.type, f."fromTemplate",
                  CASE GROUPING(f."riskLevel", f.type, f."fromTemplate") WHEN 7 THEN 'total' WHEN 3 THEN 'risk' WHEN 5 THEN 'type' ELSE 'template' END AS set,
                  ${OUTCOME_COUNTS}
             FROM f GROUP BY GROUPING SETS ((f."riskLevel"), (f.type), (f."fromTemplate"), ())) x) AS sets,
        (SELECT COALESCE(json_agg(x ORDER BY x.n DESC, x."serviceName"), '[]'::json) FROM (
           SELECT s.id AS "serviceId", s.name AS "serviceName", per.*
             FROM (SELECT sid, count(*) AS n, ${OUTCOME_COUNTS} FROM f CROSS JOIN LATERAL unnest(f."serviceIds") sid GROUP BY sid) per
             JOIN "Service" s ON s.id = per.sid
            ORDER BY per.n DESC, s.name LIMIT 25) x) AS services,
        (SELECT COALESCE(json_agg(x), '[]'::json) FROM (SELECT f.week, ${OUTCOME_COUNTS} FROM f GROUP BY f.week) x) AS weeks,
        (SELECT row_to_json(x) FROM (SELECT ${SPREAD_OF(Prisma.sql`f.secs`)} FROM f) x) AS completed`
    const sets = row?.sets ?? []
    const find = (test: (r: Sets) => boolean) => outcomeRow(sets.find(test) ?? ZERO_COUNTS)
    return {
      total: find((r) => r.set === 'total'),
      byRisk: RISKS.map((riskLevel) => ({ riskLevel, ...find((r) => r.set === 'risk' && r.riskLevel === riskLevel) })),
      byType: TYPES.map((type) => ({ type, ...find((r) => r.set === 'type' && r.type === type) })),
      fromTemplates: find((r) => r.set === 'template' && r.fromTemplate === true),
      byService: (row?.services ?? []).map((r) => ({ serviceId: r.serviceId, serviceName: r.serviceName, ...outcomeRow(r) })),
      weeks: new Map((row?.weeks ?? []).map((r) => [r.week, r])),
      leadTimeToCompleted: toSpread(row?.completed),
    }
  }

  /** Follow-up changes (a retry or next stage) created in the period. */
  async followUps(): Promise<number> {
    const [row] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "ChangeFact" f
       WHERE ${this.inPeriod(Prisma.sql`f."createdAt"`)} AND f."followUp" AND ${this.factFilter}`
    return row?.n ?? 0
  }

  /** The changes first submitted in the period: how many per week, and the share that were emergencies. */
  async submissions(): Promise<{ emergency: Rate; weeks: Map<number, number> }> {
    const [row] = await prisma.$queryRaw<{ submitted: number; emergency: number; weeks: { week: number; n: number }[] }[]>`
      WITH f AS MATERIALIZED (
        SELECT f.type, width_bucket(f."firstSubmittedAt", ${this.weekStarts()}) AS week
          FROM "ChangeFact" f WHERE ${this.inPeriod(Prisma.sql`f."firstSubmittedAt"`)} AND ${this.factFilter})
      SELECT (SELECT count(*)::int FROM f) AS submitted, (SELECT count(*)::int FROM f WHERE f.type = 'EMERGENCY') AS emergency,
             (SELECT COALESCE(json_agg(x), '[]'::json) FROM (SELECT f.week, count(*)::int AS n FROM f GROUP BY f.week) x) AS weeks`
    return {
      emergency: rate(row?.emergency ?? 0, row?.submitted ?? 0),
      weeks: new Map((row?.weeks ?? []).map((r) => [r.week, r.n])),
    }
  }

  /**
   * The period's week starts (Monday 00:00 in the viewer's zone, lib/domain/metrics/weeks.ts) as the thresholds
   * of width_bucket: a moment's bucket n is the week that started at the n-th (1-based). Bucketing by the
   * domain's own boundaries, rather than date_trunc in the zone, keeps one definition and skips a time-zone
   * conversion per row.
   */
  private weekStarts(): Prisma.Sql {
    return Prisma.sql`${this.weeks.map((week) => week.toISOString())}::timestamptz[]`
  }

  /** First submissions and outcomes per week, zero-filled (the maps are keyed by width_bucket's bucket). */
  weekly(submitted: Map<number, number>, outcomes: Map<number, CountRow>): MetricsReport['weekly'] {
    return this.weeks.map((week, i) => {
      const o = outcomes.get(i + 1)
      return { weekStart: week.toISOString(), submitted: submitted.get(i + 1) ?? 0, completed: o?.completed ?? 0, failed: o?.failed ?? 0, rolledBack: o?.rolledBack ?? 0 }
    })
  }

  /**
   * Of the changes first scheduled in the period: the lead time from their
   * first submission, and the standard ones their own requester scheduled
   * (no human wait).
   */
  async firstSchedulings(): Promise<{ leadTime: Spread; noHumanWait: Rate }> {
    const [row] = await prisma.$queryRaw<(SpreadRow & { scheduled: number; own: number })[]>`
      SELECT count(*)::int AS scheduled, count(*) FILTER (WHERE f.type = 'STANDARD' AND f."firstScheduledById" = f."requesterId")::int AS own,
             ${SPREAD_OF(Prisma.sql`secs`)}
        FROM (SELECT f.type, f."firstScheduledById", f."requesterId",
                     CASE WHEN f."firstSubmittedAt" <= f."firstScheduledAt" THEN extract(epoch FROM f."firstScheduledAt" - f."firstSubmittedAt")::float8 END AS secs
                FROM "ChangeFact" f WHERE ${this.inPeriod(Prisma.sql`f."firstScheduledAt"`)} AND ${this.factFilter}) f`
    return { leadTime: toSpread(row), noHumanWait: rate(row?.own ?? 0, row?.scheduled ?? 0) }
  }

  /** Changes waiting for sign-off now, aged from their current revision's submission (the latest event into SUBMITTED). */
  async waiting(): Promise<MetricsReport['flow']['waiting']> {
    type Oldest = { id: string; number: number; title: string; type: ChangeType; riskLevel: RiskLevel; secs: number | null }
    // One statement, so the waiting changes are read once for the figures and the list; only the
    // oldest (and any tied with the last of them) are looked up for their number and title.
    const [row] = await prisma.$queryRaw<{ stats: SpreadRow & { all: number }; oldest: Oldest[] }[]>`
      WITH x AS MATERIALIZED (
        SELECT f."changeId", f.type, f."riskLevel", extract(epoch FROM ${this.now}::timestamptz - f."lastSubmittedAt")::float8 AS secs
          FROM "ChangeFact" f WHERE f.status = 'SUBMITTED' AND ${this.factFilter})
      SELECT (SELECT row_to_json(t) FROM (SELECT count(*)::int AS all, ${SPREAD_OF(Prisma.sql`secs`)} FROM x) t) AS stats,
             (SELECT COALESCE(json_agg(o), '[]'::json)
                FROM (SELECT c.id, c.number, c.title, top.type::text AS type, top."riskLevel"::text AS "riskLevel", top.secs
                        FROM (SELECT * FROM x ORDER BY x.secs DESC NULLS LAST FETCH FIRST ${LIST_SHOWN} ROWS WITH TIES) top
                        JOIN "ChangeRequest" c ON c.id = top."changeId"
                       ORDER BY top.secs DESC NULLS LAST, c.number LIMIT ${LIST_SHOWN}) o) AS oldest`
    const oldest = row?.oldest ?? []
    return {
      count: row?.stats.all ?? 0,
      ages: toSpread(row?.stats),
      oldest: oldest.map((r) => ({ id: r.id, number: formatChangeNumber(r.number), title: r.title, type: r.type, riskLevel: r.riskLevel, waitingSeconds: r.secs })),
    }
  }

  /** The period's decisions, narrowed by the filters (the change's columns are read only when filtered). */
  private decisionsOfPeriod(): Prisma.Sql {
    const filter = this.filtered ? Prisma.sql`AND EXISTS (SELECT 1 FROM "ChangeFact" f WHERE f."changeId" = d."changeId" AND ${this.factFilter})` : Prisma.empty
    return Prisma.sql`${this.inPeriod(Prisma.sql`d."signedAt"`)} ${filter}`
  }

  /**
   * Per approver, per approver group and the reading time. Unfiltered, three statements the database runs side by
   * side, each reading one covering index: per approver and per group walk (approverId, signedAt, …) one approver
   * at a time, already grouped; the reading time (signedAt, firstViewedAt). Filtered, matching the period's
   * decisions to the changes' columns is the cost, so one statement does it once for all three.
   */
  async decisions(): Promise<{ approvers: ApproverRow[]; groups: GroupRow[]; readingTime: Spread }> {
    type Counts = SpreadRow & { decisions: number; approvals: number; rejections: number }
    type ApproverAgg = Counts & { approverId: string; name: string; minimal: number }
    type GroupAgg = Counts & { groupId: string; name: string; members: number }
    const counts = Prisma.sql`count(*)::int AS decisions,
      count(*) FILTER (WHERE d.decision = 'APPROVED')::int AS approvals,
      count(*) FILTER (WHERE d.decision = 'REJECTED')::int AS rejections,
      ${SPREAD_OF(DECISION_SECONDS)}`
    const approversJson = Prisma.sql`
      SELECT COALESCE(json_agg(a ORDER BY a.decisions DESC, a.name), '[]'::json)
        FROM (SELECT a.*, u.name
                FROM (SELECT d."approverId", ${counts}, count(*) FILTER (WHERE d."statementChars" <= ${MINIMAL_STATEMENT_MAX_CHARS}::int)::int AS minimal
                        FROM d GROUP BY d."approverId") a
                JOIN "User" u ON u.id = a."approverId") a`
    const groupsJson = Prisma.sql`
      SELECT COALESCE(json_agg(g ORDER BY g.decisions DESC, g.name), '[]'::json)
        FROM (SELECT g.id AS "groupId", g.name, (SELECT count(*)::int FROM "ApproverGroupMember" gm WHERE gm."groupId" = g.id) AS members, ${counts}
                FROM "ApproverGroup" g
                JOIN "ApproverGroupMember" m ON m."groupId" = g.id
                JOIN d ON d."approverId" = m."userId"
               GROUP BY g.id, g.name) g`
    const readingJson = Prisma.sql`
      SELECT row_to_json(r) FROM (SELECT ${SPREAD_OF(Prisma.sql`extract(epoch FROM d."signedAt" - d."firstViewedAt")::float8`)} FROM d) r`
    const over = (shared: Prisma.Sql, select: Prisma.Sql) => Prisma.sql`
      WITH d AS ${shared} (
        SELECT d."approverId", d."signedAt", d.decision, d."statementChars", d."submittedAt", d."firstViewedAt"
          FROM "DecisionFact" d WHERE ${this.decisionsOfPeriod()})
      SELECT ${select}`
    type Row = { approvers: ApproverAgg[]; groups: GroupAgg[]; reading: SpreadRow | null }
    const row: Partial<Row> | undefined = this.filtered
      ? (await prisma.$queryRaw<Row[]>(over(Prisma.sql`MATERIALIZED`, Prisma.sql`(${approversJson}) AS approvers, (${groupsJson}) AS groups, (${readingJson}) AS reading`)))[0]
      : await Promise.all([
          prisma.$queryRaw<Pick<Row, 'approvers'>[]>(over(Prisma.sql`NOT MATERIALIZED`, Prisma.sql`(${approversJson}) AS approvers`)),
          prisma.$queryRaw<Pick<Row, 'groups'>[]>(over(Prisma.sql`NOT MATERIALIZED`, Prisma.sql`(${groupsJson}) AS groups`)),
          prisma.$queryRaw<Pick<Row, 'reading'>[]>(over(Prisma.sql`NOT MATERIALIZED`, Prisma.sql`(${readingJson}) AS reading`)),
        ]).then(([[approvers], [groups], [reading]]) => ({ ...approvers, ...groups, ...reading }))
    // What an approver's row and a group's row share: their counts, rates, time to decision and the flag.
    const decided = (r: Counts) => {
      const timeToDecision = toSpread(r)
      return {
        decisions: r.decisions,
        approvals: r.approvals,
        rejections: r.rejections,
        approvalRate: rate(r.approvals, r.decisions),
        timeToDecision,
        flagged: isRubberStamp({ decisions: r.decisions, approvals: r.approvals, medianDecisionSeconds: timeToDecision.p50 }),
      }
    }
    const approvers = (row?.approvers ?? []).map((r): ApproverRow => ({ approverId: r.approverId, name: r.name, minimalStatements: r.minimal, ...decided(r) }))
    const groups = (row?.groups ?? []).map((r): GroupRow => ({ groupId: r.groupId, name: r.name, members: r.members, ...decided(r) }))
    return { approvers, groups, readingTime: toSpread(row?.reading) }
  }

  /** The latest decisions of the period behind a flag: one approver's, or a group's members'. */
  async decisionsOf(whose: { approverId: string } | { groupId: string }): Promise<FlaggedDecision[]> {
    const who =
      'approverId' in whose
        ? Prisma.sql`d."approverId" = ${whose.approverId}::uuid`
        : Prisma.sql`d."approverId" IN (SELECT m."userId" FROM "ApproverGroupMember" m WHERE m."groupId" = ${whose.groupId}::uuid)`
    const rows = await prisma.$queryRaw<{ changeId: string; number: number; title: string; decision: 'APPROVED' | 'REJECTED'; signedAt: Date; secs: number | null; statement: string }[]>`
      SELECT d."changeId", c.number, c.title, d.decision::text AS decision, d."signedAt", ${DECISION_SECONDS} AS secs, s.statement
        FROM "DecisionFact" d
        JOIN "SignOff" s ON s.id = d."signOffId" JOIN "ChangeRequest" c ON c.id = d."changeId"
       WHERE ${this.decisionsOfPeriod()} AND ${who}
       ORDER BY d."signedAt" DESC
       LIMIT ${FLAGGED_DECISIONS_SHOWN}`
    return rows.map((r) => ({ id: r.changeId, number: formatChangeNumber(r.number), title: r.title, decision: r.decision, signedAt: r.signedAt.toISOString(), seconds: r.secs, statement: r.statement }))
  }

  /** Emergency changes overdue for their retrospective review — now, not in the period (the one definition: emergency-reviews.ts). */
  emergencyOverdueReview(limit: number = LIST_SHOWN, countCap?: number): Promise<OverdueEmergencyReviews> {
    return overdueEmergencyReviews(prisma, { now: this.now, limit, filter: this.changeFilter, countCap })
  }

  async freezeExceptions(): Promise<MetricsReport['governance']['freezeExceptions']> {
    const [row] = await prisma.$queryRaw<{ total: number; hard: number }[]>`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE fe."grantedSeverity" = 'HARD')::int AS hard
        FROM "FreezeException" fe JOIN "ChangeRequest" c ON c.id = fe."changeId"
       WHERE ${this.inPeriod(Prisma.sql`fe."createdAt"`)} AND ${this.changeFilter}`
    const total = row?.total ?? 0
    const hard = row?.hard ?? 0
    return { total, hard, soft: total - hard }
  }

  /** Scheduled changes a freeze declared or widened later sent back to Approved (audit: change.unscheduled with a freezeId). */
  async unscheduledByFreezes(): Promise<MetricsReport['governance']['unscheduledByFreezes']> {
    const [row] = await prisma.$queryRaw<{ events: number; changes: number }[]>`
      SELECT count(*)::int AS events, count(DISTINCT a."changeId")::int AS changes
        FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
       WHERE a.action = 'change.unscheduled' AND a.details ->> 'freezeId' IS NOT NULL AND ${this.inPeriod(Prisma.sql`a.at`)} AND ${this.changeFilter}`
    return { events: row?.events ?? 0, changes: row?.changes ?? 0 }
  }

  /** Deployment reports a change did not authorise (audit: deployment.refused, written by reportDeployment beside its 409). */
  async refusedDeployments(): Promise<MetricsReport['governance']['refusedDeployments']> {
    const [row] = await prisma.$queryRaw<{ reports: number; changes: number }[]>`
      SELECT count(*)::int AS reports, count(DISTINCT a."changeId")::int AS changes
        FROM "AuditEvent" a JOIN "ChangeRequest" c ON c.id = a."changeId"
       WHERE a.action = 'deployment.refused' AND ${this.inPeriod(Prisma.sql`a.at`)} AND ${this.changeFilter}`
    return { reports: row?.reports ?? 0, changes: row?.changes ?? 0 }
  }
}
