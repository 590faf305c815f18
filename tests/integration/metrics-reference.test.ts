// The board's numbers against a slow reference (issue 14): a random dataset
// (a fixed-seed PRNG, so a failure reproduces) of ~200 changes across
// statuses, types, risks and services, with audit events and sign-offs at
// random times inside and outside the period — including around the change
// to British Summer Time (31 March 2024) — then every figure computeMetrics
// computes in SQL is computed again in plain TypeScript over the same rows,
// read back with findMany, and they must agree exactly. Shared definitions
// (nearest-rank percentiles, rates, weeks in the viewer's zone, the
// rubber-stamp rule) come from lib/domain/metrics, as in the app.
import { describe, expect, it } from 'vitest'
import { percentile, spread, type Spread } from '@/lib/domain/metrics/percentile'
import { rate, successRate } from '@/lib/domain/metrics/rate'
import { isRubberStamp } from '@/lib/domain/metrics/rubber-stamp'
import { weekStartOf, weeksOf } from '@/lib/domain/metrics/weeks'
import type { Actor, ChangeStatus, ChangeType, RiskLevel } from '@/lib/domain/shared/types'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { env } from '@/lib/env'
import { prisma } from '@/lib/server/db'
import { isEmergencyReviewOverdue, reviewClockStart } from '@/lib/domain/change-request/emergency-review'
import { computeMetrics, resolvePeriod } from '@/lib/server/metrics/load-metrics'
import { MINIMAL_STATEMENT_MAX_CHARS, type MetricsReport } from '@/lib/server/metrics/report'
import { ZMetricsInput } from '@/lib/server/metrics/schemas'
import { createService } from '@/tests/factories'
import { createChange } from '@/tests/factories/change-requests'
import { actorWith } from './change-requests-support'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const ZONE = 'Europe/London'
const NOW = new Date('2024-05-15T12:00:00Z')
// Data from 1 February to 10 May; the period 1 March – 30 April (London) crosses BST.
const DATA_FROM = Date.parse('2024-02-01T00:00:00Z')
const DATA_TO = Date.parse('2024-05-10T00:00:00Z')
// Instants the bucketing is most likely to get wrong: the period's edges, the
// DST switch, and Monday midnights either side of it (London time).
const EDGES = ['2024-03-01T00:00:00Z', '2024-02-29T23:59:59.999Z', '2024-03-31T00:59:59.999Z', '2024-03-31T01:00:00Z', '2024-03-31T23:00:00Z', '2024-03-31T22:59:59.999Z', '2024-03-25T00:00:00Z', '2024-04-30T23:00:00Z', '2024-04-30T22:59:59.999Z'].map(Date.parse)

/** mulberry32: a small seeded PRNG, so the dataset is the same on every run. */
function prng(seed: number) {
  let a = seed
  const next = () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  }
}

const STATUSES: ChangeStatus[] = ['SUBMITTED', 'APPROVED', 'REJECTED', 'SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'ROLLED_BACK', 'CLOSED', 'CANCELLED', 'DRAFT']
const TYPES: ChangeType[] = ['STANDARD', 'NORMAL', 'NORMAL', 'EMERGENCY']
const RISKS: RiskLevel[] = ['LOW', 'MEDIUM', 'HIGH']
const STATEMENTS = ['Reviewed it, looks fine.', 'Checked plan, ok to go.', 'I reviewed the plans, the window and the rollback.', 'Rollback tested in staging; the window avoids the batch run.']

async function arrange() {
  const r = prng(20261207)
  // Refused deployment reports draw from their own sequence, so the rest of the dataset stays what it was.
  const refusals = prng(20261208)
  const manager: Actor = { ...(await actorWith(['CHANGE_MANAGER'], { timeZone: ZONE })), timeZone: ZONE }
  const requesters = [await actorWith(['REQUESTER']), await actorWith(['REQUESTER'])]
  const approvers = [await actorWith(['APPROVER'], { name: 'Ada Reference' }), await actorWith(['APPROVER'], { name: 'Bo Reference' }), await actorWith(['APPROVER'], { name: 'Cy Reference' })]
  const services = []
  for (let i = 0; i < 5; i++) services.push(await createService({ ownerId: (approvers[i % 3] as Actor).id }))
  // Two groups that share a member: a decision counts for every group its signer belongs to.
  const members = (...people: (Actor | undefined)[]) => ({ create: people.map((p) => ({ userId: (p as Actor).id })) })
  await prisma.approverGroup.create({ data: { name: `Reference CAB ${Math.random().toString(36).slice(2, 8)}`, members: members(approvers[0], approvers[1]) } })
  await prisma.approverGroup.create({ data: { name: `Reference Security ${Math.random().toString(36).slice(2, 8)}`, members: members(approvers[1]) } })
  const freeze = await prisma.freezePeriod.create({
    data: { name: 'Reference freeze', reason: 'Reference.', startsAt: new Date('2024-03-20T00:00:00Z'), endsAt: new Date('2024-03-27T00:00:00Z'), activeUntil: new Date('2024-03-27T00:00:00Z'), severity: 'SOFT', createdById: manager.id },
  })
  const when = (g = r) => (g.chance(0.08) ? (g.pick(EDGES) as number) : DATA_FROM + g.int(DATA_TO - DATA_FROM))
  const after = (t: number, maxHours: number) => new Date(t + 1000 + r.int(maxHours * HOUR))
  const made: { id: string }[] = []
  for (let i = 0; i < 200; i++) {
    const status = r.pick(STATUSES)
    const type = r.pick(TYPES)
    const requester = r.pick(requesters)
    const serviceIds = [...new Set([r.pick(services).id, ...(r.chance(0.3) ? [r.pick(services).id] : [])])]
    const submitted = when()
    const owners = await prisma.service.findMany({ where: { id: { in: serviceIds } }, select: { ownerId: true } })
    const signerIds = [...new Set(owners.map((o) => o.ownerId))]
    // A quick approver now and then (the rubber-stamp path), else minutes to days.
    const signedAt = signerIds.map(() => after(submitted, r.chance(0.4) ? 0.03 : 72))
    const decided = Math.max(submitted, ...signedAt.map((d) => d.getTime()))
    const scheduledAt = after(decided, 48)
    const startedAt = after(scheduledAt.getTime(), 96)
    const finishedAt = after(startedAt.getTime(), 6)
    const change = await createChange(prisma, {
      requesterId: requester.id,
      serviceIds,
      status,
      type,
      riskLevel: r.pick(RISKS),
      managerId: type === 'STANDARD' && r.chance(0.6) ? requester.id : manager.id,
      signerIds: status === 'REJECTED' ? signerIds.slice(0, 1) : signerIds,
      statement: r.pick(STATEMENTS),
      windowStart: startedAt,
      windowEnd: new Date(startedAt.getTime() + 4 * HOUR),
      timeline: { createdAt: new Date(submitted - r.int(3 * DAY)), submittedAt: new Date(submitted), signedAt, scheduledAt, startedAt, finishedAt, reviewedAt: after(finishedAt.getTime(), 240) },
    })
    made.push(change)
    // First views of the page (not every signer's: some read elsewhere). One before the decision
    // counts toward the reading time; one after it, or of another revision, does not.
    for (const [k, signerId] of signerIds.entries()) {
      if (!r.chance(0.7)) continue
      const signed = (signedAt[k] as Date).getTime()
      const firstViewedAt = new Date(r.chance(0.85) ? signed - 1000 - r.int(3 * HOUR) : signed + 1 + r.int(HOUR))
      await prisma.changeView.create({ data: { changeId: change.id, userId: signerId, revision: r.chance(0.9) ? 1 : 2, firstViewedAt } })
    }
    const event = (action: string, at: Date, extra: { toStatus?: ChangeStatus; fromStatus?: ChangeStatus; details?: Record<string, string> } = {}) =>
      prisma.auditEvent.create({ data: { changeId: change.id, entityType: 'change', entityId: change.id, actorId: manager.id, action, at, details: extra.details ?? {}, toStatus: extra.toStatus, fromStatus: extra.fromStatus } })
    // Resubmissions (a later revision), before or after the decisions: the time to decision counts from the latest one before it.
    if (status !== 'DRAFT' && r.chance(0.12)) await event('change.submitted', after(submitted, 100), { fromStatus: 'REJECTED', toStatus: 'SUBMITTED' })
    if (status !== 'DRAFT' && r.chance(0.06)) await event('change.updated', after(submitted, 30), { fromStatus: 'SCHEDULED', toStatus: 'SUBMITTED' })
    // Un-scheduled by the freeze (and once by an edit, which has no freezeId).
    if (['SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'FAILED'].includes(status) && r.chance(0.15)) {
      await event('change.unscheduled', after(scheduledAt.getTime(), 24), { fromStatus: 'SCHEDULED', toStatus: 'APPROVED', details: r.chance(0.8) ? { freezeId: freeze.id } : { reason: 'edited' } })
      await event('change.scheduled', after(scheduledAt.getTime(), 48), { fromStatus: 'APPROVED', toStatus: 'SCHEDULED' })
    }
    if (change.fingerprint && ['APPROVED', 'SCHEDULED', 'COMPLETED'].includes(status) && r.chance(0.1)) {
      await prisma.freezeException.create({
        data: { changeId: change.id, freezeId: freeze.id, revisionNumber: 1, fingerprint: change.fingerprint, grantedSeverity: r.pick(['HARD', 'SOFT'] as const), freezeRevision: 1, justification: 'Reference.', grantedById: manager.id, createdAt: new Date(when()) },
      })
    }
    // Deployments a pipeline reported that the change did not authorise (some changes more than once).
    if (['SUBMITTED', 'APPROVED', 'SCHEDULED', 'COMPLETED'].includes(status) && refusals.chance(0.2)) {
      for (let k = refusals.int(3); k >= 0; k--) {
        await event('deployment.refused', new Date(when(refusals)), { details: { status: status === 'COMPLETED' ? 'succeeded' : 'started', reason: 'Reference.', changeStatus: status } })
      }
    }
    // Follow-ups of an earlier change.
    if (i > 10 && r.chance(0.1)) await prisma.changeRequest.update({ where: { id: change.id }, data: { previousChangeId: (made[r.int(i)] as { id: string }).id } })
  }
  return { manager, services }
}

/** Everything computeMetrics reads, as plain rows. */
async function readBack() {
  const [changes, events, signOffs, exceptions, users, services, views, groups] = await Promise.all([
    prisma.changeRequest.findMany({ select: { id: true, number: true, title: true, status: true, type: true, riskLevel: true, requesterId: true, previousChangeId: true, finishedAt: true, windowEnd: true, reviewedAt: true, services: { select: { serviceId: true } } } }),
    prisma.auditEvent.findMany({ where: { changeId: { not: null } }, select: { changeId: true, action: true, at: true, actorId: true, toStatus: true, details: true } }),
    prisma.signOff.findMany({ select: { changeId: true, approverId: true, decision: true, signedAt: true, statement: true, revisionNumber: true, delegateId: true } }),
    prisma.freezeException.findMany({ select: { changeId: true, grantedSeverity: true, createdAt: true } }),
    prisma.user.findMany({ select: { id: true, name: true } }),
    prisma.service.findMany({ select: { id: true, name: true } }),
    prisma.changeView.findMany(),
    prisma.approverGroup.findMany({ select: { id: true, name: true, members: { select: { userId: true } } } }),
  ])
  return { changes, events, signOffs, exceptions, users, services, views, groups }
}
type Rows = Awaited<ReturnType<typeof readBack>>

/** The slow, obvious computation of every figure. */
function reference(rows: Rows, actor: Actor, query: Record<string, string>, now: Date) {
  const input = ZMetricsInput.parse(query)
  const period = resolvePeriod(input, ZONE, now)
  const inPeriod = (t: Date) => t >= period.from && t < period.to
  const byId = new Map(rows.changes.map((c) => [c.id, c]))
  const passes = (id: string | null) => {
    const c = id ? byId.get(id) : undefined
    if (!c) return false
    if (input.type && c.type !== input.type) return false
    if (input.risk && c.riskLevel !== input.risk) return false
    return !input.serviceId || c.services.some((s) => s.serviceId === input.serviceId)
  }
  const eventsOf = (changeId: string) => rows.events.filter((e) => e.changeId === changeId)
  const periodEvents = rows.events.filter((e) => inPeriod(e.at) && passes(e.changeId))
  const secs = (a: Date, b: Date) => (a.getTime() - b.getTime()) / 1000
  // A change's moments are its first event of each kind (its first submission, first scheduling, outcome), counted in
  // the period that moment falls in: a change rescheduled or resubmitted later is not counted again.
  const firstEver = (actions: string[]) => {
    const first = new Map<string, Rows['events'][number]>()
    for (const e of rows.events.filter((x) => actions.includes(x.action))) {
      const seen = first.get(e.changeId ?? '')
      if (!seen || e.at < seen.at) first.set(e.changeId ?? '', e)
    }
    return [...first.values()].filter((e) => inPeriod(e.at) && passes(e.changeId))
  }
  const firstSubmissionOf = (changeId: string | null) => {
    const subs = eventsOf(changeId ?? '').filter((e) => e.action === 'change.submitted').map((e) => e.at.getTime())
    return subs.length === 0 ? null : Math.min(...subs)
  }
  const leadTime = (moments: Rows['events']): Spread => {
    const values: number[] = []
    for (const f of moments) {
      const sub = firstSubmissionOf(f.changeId)
      if (sub !== null && sub <= f.at.getTime()) values.push(secs(f.at, new Date(sub)))
    }
    return spread(values)
  }
  const OUT: Record<string, 'completed' | 'failed' | 'rolledBack'> = { 'change.completed': 'completed', 'change.failed': 'failed', 'change.rolled-back': 'rolledBack' }
  const outcomes = firstEver(Object.keys(OUT))
  const count = (events: typeof outcomes) => {
    const n = { completed: 0, failed: 0, rolledBack: 0 }
    for (const e of events) n[OUT[e.action] as keyof typeof n] += 1
    return { ...n, success: successRate(n) }
  }
  const change = (e: { changeId: string | null }) => byId.get(e.changeId ?? '') as Rows['changes'][number]
  const byService = rows.services
    .map((s) => ({ serviceId: s.id, serviceName: s.name, events: outcomes.filter((e) => change(e).services.some((cs) => cs.serviceId === s.id)) }))
    .filter((s) => s.events.length > 0)
    .sort((a, b) => b.events.length - a.events.length || (a.serviceName < b.serviceName ? -1 : a.serviceName > b.serviceName ? 1 : 0))
    .slice(0, 25)
    .map(({ events, ...s }) => ({ ...s, ...count(events) }))

  const lastSubmissionBefore = (changeId: string, t: Date | null) => {
    const ats = eventsOf(changeId).filter((e) => e.toStatus === 'SUBMITTED' && (t === null || e.at <= t)).map((e) => e.at.getTime())
    return ats.length === 0 ? null : new Date(Math.max(...ats))
  }

  const waiting = rows.changes
    .filter((c) => c.status === 'SUBMITTED' && passes(c.id))
    .map((c) => {
      const at = lastSubmissionBefore(c.id, null)
      return { c, secs: at === null ? null : secs(now, at) }
    })
  const waitingAges = waiting.flatMap((w) => (w.secs === null ? [] : [w.secs]))
  const oldest = [...waiting]
    .sort((a, b) => (a.secs === null ? (b.secs === null ? 0 : 1) : b.secs === null ? -1 : b.secs - a.secs) || a.c.number - b.c.number)
    .slice(0, 20)
    .map((w) => ({ id: w.c.id, number: formatChangeNumber(w.c.number), title: w.c.title, type: w.c.type, riskLevel: w.c.riskLevel, waitingSeconds: w.secs }))

  const firstScheduled = firstEver(['change.scheduled'])
  const firstSubmitted = firstEver(['change.submitted'])
  const own = firstScheduled.filter((e) => change(e).type === 'STANDARD' && e.actorId === change(e).requesterId)

  const decisions = rows.signOffs
    .filter((s) => inPeriod(s.signedAt) && passes(s.changeId))
    .map((s) => {
      const p = lastSubmissionBefore(s.changeId, s.signedAt)
      const view = rows.views.find((v) => v.changeId === s.changeId && v.userId === (s.delegateId ?? s.approverId) && v.revision === s.revisionNumber && v.firstViewedAt <= s.signedAt)
      return { ...s, secs: p === null ? null : secs(s.signedAt, p), minimal: s.statement.trim().length <= MINIMAL_STATEMENT_MAX_CHARS, readingSecs: view ? secs(s.signedAt, view.firstViewedAt) : null }
    })
  const names = new Map(rows.users.map((u) => [u.id, u.name]))
  const approvers = [...new Set(decisions.map((d) => d.approverId))]
    .map((approverId) => {
      const mine = decisions.filter((d) => d.approverId === approverId)
      const approvals = mine.filter((d) => d.decision === 'APPROVED').length
      const timeToDecision = spread(mine.flatMap((d) => (d.secs === null ? [] : [d.secs])))
      return {
        approverId,
        name: names.get(approverId) ?? '',
        decisions: mine.length,
        approvals,
        rejections: mine.filter((d) => d.decision === 'REJECTED').length,
        approvalRate: rate(approvals, mine.length),
        minimalStatements: mine.filter((d) => d.minimal).length,
        timeToDecision,
        flagged: isRubberStamp({ decisions: mine.length, approvals, medianDecisionSeconds: timeToDecision.p50 }),
      }
    })
    .sort((a, b) => b.decisions - a.decisions || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

  const groups = rows.groups
    .map((g) => {
      const memberIds = new Set(g.members.map((m) => m.userId))
      const theirs = decisions.filter((d) => memberIds.has(d.approverId))
      const approvals = theirs.filter((d) => d.decision === 'APPROVED').length
      const timeToDecision = spread(theirs.flatMap((d) => (d.secs === null ? [] : [d.secs])))
      return {
        groupId: g.id,
        name: g.name,
        members: memberIds.size,
        decisions: theirs.length,
        approvals,
        rejections: theirs.filter((d) => d.decision === 'REJECTED').length,
        approvalRate: rate(approvals, theirs.length),
        timeToDecision,
        flagged: isRubberStamp({ decisions: theirs.length, approvals, medianDecisionSeconds: timeToDecision.p50 }),
      }
    })
    .filter((g) => g.decisions > 0)
    .sort((a, b) => b.decisions - a.decisions || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

  const emergencies = firstSubmitted.filter((e) => change(e).type === 'EMERGENCY')
  const days = env().EMERGENCY_REVIEW_DAYS
  const clock = (c: (typeof rows.changes)[number]) => reviewClockStart(c)?.getTime() ?? 0
  const overdue = rows.changes
    .filter((c) => isEmergencyReviewOverdue(c, days, now) && passes(c.id))
    .sort((a, b) => clock(a) - clock(b) || (a.id < b.id ? -1 : 1))
  const exceptions = rows.exceptions.filter((x) => inPeriod(x.createdAt) && passes(x.changeId))
  const unscheduled = periodEvents.filter((e) => e.action === 'change.unscheduled' && typeof e.details === 'object' && e.details !== null && !Array.isArray(e.details) && typeof e.details.freezeId === 'string')
  const refused = periodEvents.filter((e) => e.action === 'deployment.refused')

  const weekly = weeksOf(period.from, period.to, ZONE).map((week) => {
    const inWeek = (e: { at: Date }) => weekStartOf(e.at, ZONE).getTime() === week.getTime()
    const n = count(outcomes.filter(inWeek))
    return { weekStart: week.toISOString(), submitted: firstSubmitted.filter(inWeek).length, completed: n.completed, failed: n.failed, rolledBack: n.rolledBack }
  })
  const all = count(outcomes)
  return {
    total: all,
    byRisk: RISKS.map((riskLevel) => ({ riskLevel, ...count(outcomes.filter((e) => change(e).riskLevel === riskLevel)) })),
    byType: (['STANDARD', 'NORMAL', 'EMERGENCY'] as const).map((type) => ({ type, ...count(outcomes.filter((e) => change(e).type === type)) })),
    byService,
    followUps: firstEver(['change.created']).filter((e) => change(e).previousChangeId !== null).length,
    weekly,
    leadTimeToScheduled: leadTime(firstScheduled),
    leadTimeToCompleted: leadTime(outcomes.filter((e) => e.action === 'change.completed')),
    waiting: { count: waiting.length, ages: spread(waitingAges), oldest },
    noHumanWait: rate(own.length, firstScheduled.length),
    approvers,
    groups,
    decisions: decisions.length,
    minimalStatements: rate(decisions.filter((d) => d.minimal).length, decisions.length),
    readingTime: spread(decisions.flatMap((d) => (d.readingSecs === null ? [] : [d.readingSecs]))),
    emergency: rate(emergencies.length, firstSubmitted.length),
    overdue: { count: overdue.length, ids: overdue.slice(0, 20).map((c) => c.id) },
    freezeExceptions: { total: exceptions.length, hard: exceptions.filter((x) => x.grantedSeverity === 'HARD').length, soft: exceptions.filter((x) => x.grantedSeverity === 'SOFT').length },
    unscheduledByFreezes: { events: unscheduled.length, changes: new Set(unscheduled.map((e) => e.changeId)).size },
    refusedDeployments: { reports: refused.length, changes: new Set(refused.map((e) => e.changeId)).size },
  }
}

function figures(m: MetricsReport) {
  return {
    total: m.outcomes.total,
    byRisk: m.outcomes.byRisk,
    byType: m.outcomes.byType,
    byService: m.outcomes.byService,
    followUps: m.outcomes.followUps,
    weekly: m.weekly,
    leadTimeToScheduled: m.flow.leadTimeToScheduled,
    leadTimeToCompleted: m.flow.leadTimeToCompleted,
    waiting: m.flow.waiting,
    noHumanWait: m.flow.noHumanWait,
    approvers: m.governance.approvers,
    groups: m.governance.groups,
    decisions: m.governance.decisions,
    minimalStatements: m.governance.minimalStatements,
    readingTime: m.governance.readingTime,
    emergency: m.governance.emergency,
    overdue: { count: m.governance.emergencyOverdueReview.count, ids: m.governance.emergencyOverdueReview.changes.map((c) => c.id) },
    freezeExceptions: m.governance.freezeExceptions,
    unscheduledByFreezes: m.governance.unscheduledByFreezes,
    refusedDeployments: m.governance.refusedDeployments,
  }
}

describe('metrics: SQL against a slow TypeScript reference over a random dataset', () => {
  it('agrees on every figure, for a custom period across BST in Europe/London, the presets, and each filter', async () => {
    const { manager, services } = await arrange()
    const rows = await readBack()
    const queries: Record<string, string>[] = [
      { period: 'custom', from: '2024-03-01', to: '2024-04-30' },
      { period: 'custom', from: '2024-03-25', to: '2024-04-07' },
      { period: '90' },
      { period: '30' },
      { period: '365' },
      { period: 'custom', from: '2024-03-01', to: '2024-04-30', serviceId: (services[0] as { id: string }).id },
      { period: 'custom', from: '2024-03-01', to: '2024-04-30', type: 'EMERGENCY' },
      { period: 'custom', from: '2024-03-01', to: '2024-04-30', type: 'STANDARD', risk: 'LOW' },
      { period: '90', risk: 'HIGH', serviceId: (services[1] as { id: string }).id },
    ]
    for (const query of queries) {
      const sql = figures(await computeMetrics(manager, ZMetricsInput.parse(query), NOW))
      expect(sql, JSON.stringify(query)).toEqual(reference(rows, manager, query, NOW))
    }
    // The dataset exercises what it claims to: outcomes, decisions, waiting changes, unscheduling, exceptions, refused deployments across the period.
    const wide = figures(await computeMetrics(manager, ZMetricsInput.parse(queries[0]), NOW))
    expect(wide.total.success.denominator).toBeGreaterThan(20)
    expect(wide.decisions).toBeGreaterThan(50)
    expect(wide.waiting.count).toBeGreaterThan(3)
    expect(wide.unscheduledByFreezes.events).toBeGreaterThan(0)
    expect(wide.freezeExceptions.total).toBeGreaterThan(0)
    expect(wide.refusedDeployments.changes).toBeGreaterThan(0)
    expect(wide.refusedDeployments.reports).toBeGreaterThan(wide.refusedDeployments.changes)
    expect(wide.followUps).toBeGreaterThan(0)
    expect(wide.readingTime.count).toBeGreaterThan(20)
    expect(wide.groups.length).toBeGreaterThanOrEqual(2)
    expect(wide.readingTime.count).toBeLessThan(wide.decisions)
    expect(wide.weekly.length).toBe(10)
    // The figures come from the metrics' read model, written by triggers row by row and out of order (views and
    // resubmissions recorded after the decisions they precede, services added after the change). Rebuilt from the
    // source tables in one pass, it is the same, row for row.
    const facts = () => Promise.all([prisma.changeFact.findMany({ orderBy: { changeId: 'asc' } }), prisma.decisionFact.findMany({ orderBy: { signOffId: 'asc' } })])
    const written = await facts()
    await prisma.$executeRawUnsafe('SELECT changeboard_rebuild_metric_facts()')
    expect(await facts()).toEqual(written)
    expect(written[0]).toHaveLength(rows.changes.length)
    expect(written[1]).toHaveLength(rows.signOffs.length)
    expect(new Set(written[1].map((d) => d.firstViewedAt === null))).toEqual(new Set([true, false]))
    expect(written[0].some((f) => f.serviceIds.length === 2)).toBe(true)
    // p50 is one of the observed values (nearest rank), never interpolated.
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2)
  })
})
