// The board's numbers (issue 14) against real PostgreSQL: a small known
// dataset in a fixed past period (March 2024, UTC), each test on its own
// service so the figures are exact whatever else the file arranged.
import { describe, expect, it } from 'vitest'
import { GET as metricsRoute } from '@/app/api/v1/metrics/route'
import type { Actor, ChangeStatus, ChangeType, RiskLevel } from '@/lib/domain/shared/types'
import { generateApiToken } from '@/lib/server/auth/token-format'
import { prisma } from '@/lib/server/db'
import { metricsCsv } from '@/lib/server/metrics/export'
import { recordChangeView } from '@/lib/server/change-requests/record-view'
import { reportDeployment } from '@/lib/server/lifecycle/deployments'
import { ZDeploymentReportInput } from '@/lib/server/lifecycle/schemas'
import { loadMetrics } from '@/lib/server/metrics/load-metrics'
import { ZMetricsInput } from '@/lib/server/metrics/schemas'
import { createService, uniqueSuffix } from '@/tests/factories'
import { createChange } from '@/tests/factories/change-requests'
import { actorWith, failureCode } from './change-requests-support'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const T0 = new Date('2024-03-04T09:00:00Z')
const MARCH = { period: 'custom', from: '2024-03-01', to: '2024-03-31' }

const input = (serviceId: string, extra: Record<string, string> = {}) => ZMetricsInput.parse({ ...MARCH, serviceId, ...extra })

async function event(changeId: string, actorId: string, action: string, at: Date, extra: { fromStatus?: ChangeStatus; toStatus?: ChangeStatus; details?: Record<string, string> } = {}) {
  await prisma.auditEvent.create({ data: { changeId, entityType: 'change', entityId: changeId, actorId, action, at, fromStatus: extra.fromStatus, toStatus: extra.toStatus, details: extra.details ?? {} } })
}

/** 3 completed, 1 failed, 1 rolled back, submitted at T0 and scheduled 1–5 hours later, finished two days later. */
async function arrangeOutcomes() {
  const manager = await actorWith(['CHANGE_MANAGER'])
  const requester = await actorWith(['REQUESTER'])
  const owner = await actorWith(['APPROVER'])
  const service = await createService({ ownerId: owner.id })
  const plan: [ChangeStatus, RiskLevel, ChangeType, string][] = [
    ['COMPLETED', 'LOW', 'STANDARD', 'change.completed'],
    ['COMPLETED', 'LOW', 'NORMAL', 'change.completed'],
    ['COMPLETED', 'HIGH', 'NORMAL', 'change.completed'],
    ['FAILED', 'HIGH', 'NORMAL', 'change.failed'],
    ['ROLLED_BACK', 'MEDIUM', 'EMERGENCY', 'change.rolled-back'],
  ]
  const ids: string[] = []
  for (const [i, [status, riskLevel, type, outcome]] of plan.entries()) {
    const change = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status, riskLevel, type, managerId: manager.id })
    ids.push(change.id)
    await event(change.id, requester.id, 'change.submitted', T0, { fromStatus: 'DRAFT', toStatus: 'SUBMITTED' })
    // The standard change is scheduled by its own requester: no human wait.
    await event(change.id, type === 'STANDARD' ? requester.id : manager.id, 'change.scheduled', new Date(T0.getTime() + (i + 1) * HOUR), { fromStatus: 'APPROVED', toStatus: 'SCHEDULED' })
    await event(change.id, manager.id, outcome, new Date(T0.getTime() + 2 * DAY), { fromStatus: 'IN_PROGRESS', toStatus: status })
  }
  return { manager, requester, owner, service, ids }
}

describe('metrics over a known dataset', () => {
  it('outcomes: 3 completed, 1 failed, 1 rolled back → 60 %, by risk and by type; lead times; no-wait share; emergency share', async () => {
    const { manager, service } = await arrangeOutcomes()
    const m = await loadMetrics(manager, input(service.id))
    expect(m.outcomes.total).toEqual({ completed: 3, failed: 1, rolledBack: 1, success: { numerator: 3, denominator: 5, value: 0.6 } })
    expect(m.outcomes.byRisk.map((r) => [r.riskLevel, r.success.numerator, r.success.denominator])).toEqual([
      ['LOW', 2, 2],
      ['MEDIUM', 0, 1],
      ['HIGH', 1, 2],
    ])
    expect(m.outcomes.byType.map((r) => [r.type, r.success.numerator, r.success.denominator])).toEqual([
      ['STANDARD', 1, 1],
      ['NORMAL', 2, 3],
      ['EMERGENCY', 0, 1],
    ])
    expect(m.outcomes.byService).toEqual([expect.objectContaining({ serviceId: service.id, completed: 3, failed: 1, rolledBack: 1 })])
    // Scheduled 1..5 hours after submission: nearest-rank p50 = 3 h, p90 = 5 h; completed 2 days after.
    expect(m.flow.leadTimeToScheduled).toEqual({ count: 5, p50: 3 * 3600, p90: 5 * 3600 })
    expect(m.flow.leadTimeToCompleted).toEqual({ count: 3, p50: 2 * 86400, p90: 2 * 86400 })
    expect(m.flow.noHumanWait).toEqual({ numerator: 1, denominator: 5, value: 0.2 })
    expect(m.governance.emergency).toEqual({ numerator: 1, denominator: 5, value: 0.2 })
    // Weekly buckets: the week of Monday 4 March holds the submissions, the same week the outcomes (6 March).
    const week = m.weekly.find((w) => w.weekStart === '2024-03-04T00:00:00.000Z')
    expect(week).toEqual({ weekStart: '2024-03-04T00:00:00.000Z', submitted: 5, completed: 3, failed: 1, rolledBack: 1 })
    expect(m.weekly.reduce((sum, w) => sum + w.submitted, 0)).toBe(5)
    // Filters narrow every figure.
    const high = await loadMetrics(manager, input(service.id, { risk: 'HIGH' }))
    expect(high.outcomes.total.success).toEqual({ numerator: 1, denominator: 2, value: 0.5 })
    const emergency = await loadMetrics(manager, input(service.id, { type: 'EMERGENCY' }))
    expect(emergency.outcomes.total.rolledBack).toBe(1)
    expect(emergency.governance.emergency.value).toBe(1)
  })

  it('the period bounds the events: outcomes a day after the period are not counted', async () => {
    const { manager, service } = await arrangeOutcomes()
    const m = await loadMetrics(manager, ZMetricsInput.parse({ period: 'custom', from: '2024-03-01', to: '2024-03-05', serviceId: service.id }))
    expect(m.outcomes.total.success.denominator).toBe(0)
    expect(m.outcomes.total.success.value).toBeNull()
    expect(m.flow.leadTimeToScheduled.count).toBe(5)
  })

  it('follow-ups, emergency changes overdue for review, changes unscheduled by freezes', async () => {
    const { manager, requester, service, ids } = await arrangeOutcomes()
    const followUp = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id] })
    await prisma.changeRequest.update({ where: { id: followUp.id }, data: { previousChangeId: ids[4] } })
    await event(followUp.id, requester.id, 'change.created', new Date(T0.getTime() + 3 * DAY), { toStatus: 'DRAFT' })
    await prisma.changeRequest.update({ where: { id: ids[4] }, data: { finishedAt: new Date(Date.now() - 10 * DAY) } })
    await event(ids[1] as string, manager.id, 'change.unscheduled', new Date(T0.getTime() + 5 * HOUR), { fromStatus: 'SCHEDULED', toStatus: 'APPROVED', details: { reason: 'A freeze', freezeId: 'f-1' } })
    await event(ids[2] as string, manager.id, 'change.unscheduled', new Date(T0.getTime() + 5 * HOUR), { fromStatus: 'SCHEDULED', toStatus: 'APPROVED', details: { reason: 'Edited' } })
    const m = await loadMetrics(manager, input(service.id))
    expect(m.outcomes.followUps).toBe(1)
    expect(m.governance.emergencyOverdueReview.count).toBe(1)
    expect(m.governance.emergencyOverdueReview.changes.map((c) => c.id)).toEqual([ids[4]])
    expect(m.governance.unscheduledByFreezes).toEqual({ events: 1, changes: 1 })
  })

  it('deployments reported without an authorising change: refused reports counted, with the changes they named, in the period and the filters', async () => {
    const manager = await actorWith(['CHANGE_MANAGER'])
    const requester = await actorWith(['REQUESTER'])
    const owner = await actorWith(['APPROVER'])
    const service = await createService({ ownerId: owner.id })
    const risky = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'SUBMITTED', riskLevel: 'HIGH', managerId: manager.id })
    const calm = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'SUBMITTED', riskLevel: 'LOW', managerId: manager.id })
    const started = (changeId: string, actor: Actor = manager) => reportDeployment(actor, ZDeploymentReportInput.parse({ changeId, status: 'started', ref: 'v1.2.3' }))
    // Submitted, not scheduled: every start is refused (409) and recorded; the requester may not report at all (403), which is not.
    expect(await failureCode(() => started(risky.id))).toBe('CONFLICT')
    expect(await failureCode(() => started(risky.id))).toBe('CONFLICT')
    expect(await failureCode(() => started(calm.id))).toBe('CONFLICT')
    expect(await failureCode(() => started(calm.id, requester))).toBe('FORBIDDEN')
    const recorded = await prisma.auditEvent.findMany({ where: { changeId: { in: [risky.id, calm.id] }, action: 'deployment.refused' } })
    expect(recorded.map((e) => [e.changeId, e.actorId, e.details])).toEqual(
      expect.arrayContaining([[calm.id, manager.id, expect.objectContaining({ status: 'started', ref: 'v1.2.3', changeStatus: 'SUBMITTED' })]]),
    )
    expect(recorded).toHaveLength(3)

    const recent = (extra: Record<string, string> = {}) => loadMetrics(manager, ZMetricsInput.parse({ period: '30', serviceId: service.id, ...extra }))
    expect((await recent()).governance.refusedDeployments).toEqual({ reports: 3, changes: 2 })
    expect((await recent({ risk: 'HIGH' })).governance.refusedDeployments).toEqual({ reports: 2, changes: 1 })
    expect((await recent({ type: 'EMERGENCY' })).governance.refusedDeployments).toEqual({ reports: 0, changes: 0 })
    // The period bounds them like every event: one refusal in March 2024 and one the day after it.
    const refused = { status: 'succeeded', reason: 'This is not possible now', changeStatus: 'SCHEDULED' }
    await event(calm.id, manager.id, 'deployment.refused', new Date(T0.getTime() + DAY), { details: refused })
    await event(calm.id, manager.id, 'deployment.refused', new Date('2024-04-01T00:00:00Z'), { details: refused })
    const march = await loadMetrics(manager, input(service.id))
    expect(march.governance.refusedDeployments).toEqual({ reports: 1, changes: 1 })
    expect(metricsCsv(march, 'governance')).toContain('\r\nrefused_deployment_reports,1,,\r\nchanges_with_refused_deployment_reports,1,,\r\n')
  })

  it('the rubber-stamp signal: 20 approvals in 30 s each are flagged, 19 are not; minimal statements and waiting changes', async () => {
    const manager = await actorWith(['CHANGE_MANAGER'])
    const requester = await actorWith(['REQUESTER'])
    const owner = await actorWith(['APPROVER'])
    const quick = await actorWith(['APPROVER'], { name: `Quick ${uniqueSuffix()}` })
    const almost = await actorWith(['APPROVER'], { name: `Almost ${uniqueSuffix()}` })
    const service = await createService({ ownerId: owner.id })
    for (let i = 0; i < 20; i++) {
      const change = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'SUBMITTED', nominatedIds: [quick.id, almost.id] })
      const submittedAt = new Date(T0.getTime() + i * HOUR)
      await event(change.id, requester.id, 'change.submitted', submittedAt, { fromStatus: 'DRAFT', toStatus: 'SUBMITTED' })
      const signed = new Date(submittedAt.getTime() + 30_000)
      const base = { changeId: change.id, decision: 'APPROVED' as const, revisionNumber: 1, fingerprint: change.fingerprint ?? '', signedAt: signed }
      // Half the quick approver's statements are at the minimum (20 characters, 4 words).
      await prisma.signOff.create({ data: { ...base, approverId: quick.id, signature: quick.name, statement: i % 2 === 0 ? 'Fine by me, go ahead' : 'I checked the rollback plan and the window against the freeze calendar.' } })
      if (i < 19) await prisma.signOff.create({ data: { ...base, approverId: almost.id, signature: almost.name, statement: 'I checked the rollback plan and the window.' } })
    }
    const m = await loadMetrics(manager, input(service.id))
    const row = (a: Actor) => m.governance.approvers.find((r) => r.approverId === a.id)
    expect(row(quick)).toMatchObject({ decisions: 20, approvals: 20, rejections: 0, minimalStatements: 10, timeToDecision: { count: 20, p50: 30, p90: 30 }, flagged: true })
    expect(row(almost)).toMatchObject({ decisions: 19, approvals: 19, flagged: false })
    expect(m.governance.decisions).toBe(39)
    expect(m.governance.minimalStatements).toEqual({ numerator: 10, denominator: 39, value: 10 / 39 })
    expect(m.rubberStamp.flagged.map((f) => f.approverId)).toEqual([quick.id])
    expect(m.rubberStamp.flagged[0]?.shown).toHaveLength(20)
    expect(m.rubberStamp.flagged[0]?.reason).toBe('20 of 20 decisions approved (100 %), median time to decision 30 s')
    expect(m.flow.waiting.count).toBe(20)
    expect(m.flow.waiting.oldest).toHaveLength(20)

    const csv = metricsCsv(m, 'approvers')
    expect(csv.split('\r\n')[0]).toBe('approver_id,approver,decisions,approvals,rejections,approval_rate,minimal_statements,decision_seconds_p50,decision_seconds_p90,rubber_stamp_flag')
    expect(csv).toContain(`${quick.id},${quick.name},20,20,0,1,10,30,30,yes`)
  })

  it('only change managers and administrators may read the metrics; a read token of a manager may', async () => {
    const { service } = await arrangeOutcomes()
    for (const roles of [['REQUESTER'], ['APPROVER'], []] as Actor['roles'][]) {
      expect(await failureCode(async () => loadMetrics(await actorWith(roles), input(service.id)))).toBe('FORBIDDEN')
    }
    expect(await failureCode(async () => loadMetrics(await actorWith(['ADMIN']), input(service.id)))).toBeNull()
    const manager = await actorWith(['CHANGE_MANAGER'])
    expect(await failureCode(async () => loadMetrics({ ...manager, via: 'token', tokenScope: 'READ' }, input(service.id)))).toBeNull()
    expect(await failureCode(async () => loadMetrics(manager, ZMetricsInput.parse({ period: 'custom', from: '2023-01-01', to: '2024-03-01' })))).toBe('INVALID_INPUT')
  })

  it('GET /api/v1/metrics: same figures as JSON with a token; 400 on bad parameters, 403 for a requester', async () => {
    const { manager, requester, service } = await arrangeOutcomes()
    const tokenOf = async (userId: string) => {
      const { token, hash, prefix } = generateApiToken()
      await prisma.apiToken.create({ data: { userId, createdById: userId, name: `t ${uniqueSuffix()}`, scope: 'READ', hash, prefix, expiresAt: new Date(Date.now() + DAY) } })
      return token
    }
    const get = async (query: string, token: string) => {
      const response = await metricsRoute(new Request(`http://localhost/api/v1/metrics?${query}`, { headers: { authorization: `Bearer ${token}` } }))
      return { status: response.status, body: (await response.json()) as { metrics?: { outcomes: { total: { success: unknown } } }; error?: { code: string; fieldErrors?: Record<string, string[]> } } }
    }
    const managerToken = await tokenOf(manager.id)
    const ok = await get(`period=custom&from=2024-03-01&to=2024-03-31&serviceId=${service.id}`, managerToken)
    expect(ok.status).toBe(200)
    expect(ok.body.metrics?.outcomes.total.success).toEqual({ numerator: 3, denominator: 5, value: 0.6 })
    const bad = await get('period=7&risk=EXTREME', managerToken)
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.error?.fieldErrors ?? {}).sort()).toEqual(['period', 'risk'])
    const forbidden = await get('period=30', await tokenOf(requester.id))
    expect(forbidden.status).toBe(403)
  })
})

describe('reading time: the first view of a revision to the decision', () => {
  it('records a person’s first view once per revision, never a token’s or a draft’s, and measures the decision from it', async () => {
    const manager = await actorWith(['CHANGE_MANAGER'])
    const requester = await actorWith(['REQUESTER'])
    const owner = await actorWith(['APPROVER'])
    const service = await createService({ ownerId: owner.id })
    const draft = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'DRAFT' })
    const change = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'SUBMITTED' })
    const views = (changeId: string) => prisma.changeView.findMany({ where: { changeId }, orderBy: { revision: 'asc' } })

    await recordChangeView(owner, { id: draft.id, revision: 0 })
    await recordChangeView({ ...owner, via: 'token', tokenScope: 'READ' }, { id: change.id, revision: 1 })
    expect(await views(draft.id)).toEqual([])
    expect(await views(change.id)).toEqual([])

    await recordChangeView(owner, { id: change.id, revision: 1 })
    const [first] = await views(change.id)
    await recordChangeView(owner, { id: change.id, revision: 1 })
    expect(await views(change.id)).toEqual([first])
    await recordChangeView(owner, { id: change.id, revision: 2 })
    expect((await views(change.id)).map((v) => v.revision)).toEqual([1, 2])

    // Read at T0, decided 25 minutes later: the reading time is those 25 minutes.
    await prisma.changeView.update({ where: { changeId_userId_revision: { changeId: change.id, userId: owner.id, revision: 1 } }, data: { firstViewedAt: T0 } })
    await prisma.signOff.create({
      data: { changeId: change.id, approverId: owner.id, decision: 'APPROVED', statement: 'I read the plans and the rollback.', signature: owner.name, revisionNumber: 1, fingerprint: change.fingerprint ?? '', signedAt: new Date(T0.getTime() + 25 * MINUTE) },
    })
    const m = await loadMetrics(manager, input(service.id))
    expect(m.governance.readingTime).toEqual({ count: 1, p50: 25 * 60, p90: 25 * 60 })
  })
})
