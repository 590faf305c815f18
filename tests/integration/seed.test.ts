import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { verifyCredentials } from '@/lib/server/auth/verify-credentials'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '../../prisma/seed'
import { DEMO_MAINTENANCE_WINDOWS } from '../../prisma/demo-risk'
import { parseRiskAssessment } from '@/lib/domain/risk/assess'
import { findSignOffInvariantViolations } from '../factories/sign-offs'
import { loadEmergencyWatch, loadMetrics } from '@/lib/server/metrics/load-metrics'
import { ZMetricsInput } from '@/lib/server/metrics/schemas'
import { loadChangeFreezeState } from '@/lib/server/freezes/load-change-freeze-state'

const DEMO_STATUSES = [
  ...['DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED'],
  ...['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'COMPLETED', 'ROLLED_BACK', 'FAILED', 'COMPLETED', 'CLOSED', 'CLOSED', 'ROLLED_BACK'],
  ...['COMPLETED', 'REJECTED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED'],
  // Past uses of the two standard templates (prisma/demo-templates.ts).
  ...['COMPLETED', 'COMPLETED', 'COMPLETED'],
  // The emergency justified into a SOFT freeze (prisma/demo-emergency.ts).
  'APPROVED',
]

// The demo data a fresh `npm start` shows (the e2e suite runs without the demo changes).
describe('seedDemoData', () => {
  // First: the database is fresh only until the first seed (every later call is a no-op).
  it('submits the change awaiting sign-off through the real use case, so Avery and Blake find its sign-off requests in the outbox', async () => {
    await seedDemoData(prisma, {
      submit: async (changeId, requester) => {
        const { version } = await prisma.changeRequest.findUniqueOrThrow({ where: { id: changeId }, select: { version: true } })
        await submitChange(requester, { ref: { changeId, version } })
      },
    })
    const awaiting = await prisma.changeRequest.findFirstOrThrow({ where: { status: 'SUBMITTED' }, select: { id: true, number: true } })
    expect(awaiting.number).toBe(2)
    const mails = await prisma.mailMessage.findMany({ where: { changeId: awaiting.id }, select: { kind: true, toAddress: true, subject: true } })
    expect(mails.map((m) => [m.kind, m.toAddress]).sort()).toEqual([
      ['sign-off-requested', 'approver2@example.com'],
      ['sign-off-requested', 'approver@example.com'],
    ])
    expect(mails[0]?.subject).toBe('[Changeboard] CHG-000002 Sign-off requested: Upgrade the Payments API to v3')
  })

  it('creates one user per role, services, changes across the lifecycle and a freeze — once', async () => {
    await seedDemoData(prisma)
    await seedDemoData(prisma)

    expect(await prisma.user.count()).toBe(DEMO_USERS.length)
    expect(await prisma.service.count()).toBe(4)
    const changes = await prisma.changeRequest.findMany({ orderBy: { number: 'asc' }, select: { number: true, status: true } })
    expect(changes.map((c) => c.status)).toEqual(DEMO_STATUSES)
    // The coming year-end freeze, last quarter's (which un-scheduled one change and excused another), and the event bus freeze an emergency is justified into.
    expect(await prisma.freezePeriod.count()).toBe(3)
    expect(await prisma.freezeException.count()).toBe(2)
    // The demo starts consistent with the invariant: every approved/scheduled change is signed at its fingerprint…
    expect(await findSignOffInvariantViolations(prisma)).toEqual([])
    // …and no scheduled change sits inside the freeze.
    const clash = await prisma.$queryRaw<{ id: string }[]>`
      SELECT c.id FROM "ChangeRequest" c JOIN "FreezePeriod" f ON f.span && c."window" WHERE c.status = 'SCHEDULED'`
    expect(clash).toEqual([])
  })

  it('has a CAB of three, the high-risk policy asking it after the owners, and one running delegation', async () => {
    await seedDemoData(prisma)
    const cab = await prisma.approverGroup.findUniqueOrThrow({ where: { name: 'CAB' }, select: { id: true, members: { select: { user: { select: { name: true, active: true } } } } } })
    expect(cab.members.map((m) => m.user.name).sort()).toEqual(['Casey Board', 'Devon Board', 'Morgan Manager'])
    const policies = await prisma.approvalPolicy.findMany({ where: { active: true }, select: { name: true, riskLevel: true, changeType: true, currentVersion: true, versions: { select: { version: true, rules: true } } } })
    expect(policies.map((p) => p.riskLevel ?? p.changeType).sort()).toEqual(['EMERGENCY', 'HIGH', 'LOW', 'MEDIUM'])
    const high = policies.find((p) => p.riskLevel === 'HIGH')
    const current = high?.versions.find((v) => v.version === high.currentVersion)
    expect(current?.rules).toEqual([
      { stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'ALL' } },
      { stage: 2, eligible: { kind: 'GROUP', groupId: cab.id }, count: { mode: 'N_OF_M', n: 2 } },
    ])
    const [delegation] = await prisma.delegation.findMany({ select: { delegator: { select: { name: true } }, delegate: { select: { name: true } }, startsAt: true, endsAt: true, revokedAt: true } })
    expect(delegation).toMatchObject({ delegator: { name: 'Avery Approver' }, delegate: { name: 'Devon Board' }, revokedAt: null })
    expect(delegation!.startsAt.getTime()).toBeLessThan(Date.now())
    expect(delegation!.endsAt.getTime()).toBeGreaterThan(Date.now())
    // The demo change awaiting sign-off (high risk) was submitted under that policy: owners first, then 2 of the 3 CAB members.
    const awaiting = await prisma.changeRequest.findFirstOrThrow({ where: { status: 'SUBMITTED' }, select: { policyVersionId: true, approvalRules: { orderBy: { position: 'asc' }, select: { description: true } } } })
    expect(awaiting.policyVersionId).not.toBeNull()
    expect(awaiting.approvalRules.map((r) => r.description)).toEqual(['all owners of the affected services', '2 of the 3 CAB members'])
  })

  it('has the risk rules, thresholds and questions of every install, and maintenance windows on the demo services', async () => {
    await seedDemoData(prisma)
    expect(await prisma.riskRule.count()).toBe(8)
    expect(await prisma.riskSettings.findUnique({ where: { id: 1 } })).toMatchObject({ mediumScore: 30, highScore: 60 })
    expect(await prisma.riskQuestion.count({ where: { active: true } })).toBe(6)
    const windows = await prisma.service.findMany({ where: { maintenanceStartMinute: { not: null } }, orderBy: { name: 'asc' }, select: { name: true, maintenanceDays: true, maintenanceTimeZone: true } })
    expect(windows.map((w) => w.name)).toEqual(Object.keys(DEMO_MAINTENANCE_WINDOWS).sort())
    expect(windows.find((w) => w.name === 'Payments API')).toMatchObject({ maintenanceDays: [2, 4], maintenanceTimeZone: 'Europe/London' })
    // The demo change awaiting sign-off was submitted through the use case, so its risk is computed and explained.
    const awaiting = await prisma.changeRequest.findFirstOrThrow({ where: { status: 'SUBMITTED' }, select: { riskLevel: true, riskAssessment: true } })
    expect(parseRiskAssessment(awaiting.riskAssessment)?.fired.map((f) => f.rule)).toContain('CRITICAL_SERVICE')
    expect(awaiting.riskLevel).toBe('HIGH')
  })

  it('gives every demo user the documented password', async () => {
    await seedDemoData(prisma)
    for (const demo of DEMO_USERS) {
      const result = await verifyCredentials(demo.email, DEMO_PASSWORD)
      expect(result).toMatchObject({ ok: true })
    }
  })

  it('gives every demo change the audit trail of the steps it went through, with each written sign-off', async () => {
    await seedDemoData(prisma)
    const changes = await prisma.changeRequest.findMany({
      orderBy: { number: 'asc' },
      select: { status: true, auditEvents: { orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { action: true } }, signOffs: { select: { approverId: true } } },
    })
    const trails = changes.map((c) => [c.status, c.auditEvents.map((e) => e.action)])
    const approved = ['change.created', 'change.submitted', 'signoff.recorded', 'change.approved']
    const twoSigners = ['change.created', 'change.submitted', 'signoff.recorded', 'signoff.recorded', 'change.approved']
    // A past high-risk change: its owners' sign-offs, then two CAB members'.
    const withCab = (owners: number) => ['change.created', 'change.submitted', ...Array<string>(owners + 2).fill('signoff.recorded'), 'change.approved']
    const ran = ['change.scheduled', 'change.started']
    const done = (outcome: string, first = approved) => [...first, ...ran, outcome]
    expect(trails).toEqual([
      ['DRAFT', ['change.created']],
      ['SUBMITTED', ['change.created', 'change.submitted']],
      ['APPROVED', approved],
      ['SCHEDULED', [...approved, 'change.scheduled']],
      // The last ten weeks' history (in time order: the audit trail carries past times).
      ['COMPLETED', done('change.completed')],
      ['COMPLETED', done('change.completed')],
      ['COMPLETED', done('change.completed')],
      ['COMPLETED', done('change.completed', withCab(2))],
      ['FAILED', done('change.failed', withCab(1))],
      ['COMPLETED', done('change.completed')],
      ['ROLLED_BACK', done('change.rolled-back')],
      ['FAILED', done('change.failed')],
      ['COMPLETED', done('change.completed')],
      ['CLOSED', [...done('change.completed'), 'change.reviewed']],
      ['CLOSED', [...done('change.completed'), 'change.reviewed']],
      ['ROLLED_BACK', done('change.rolled-back')],
      ['COMPLETED', done('change.completed', twoSigners)],
      ['REJECTED', ['change.created', 'change.submitted', 'signoff.recorded', 'change.rejected']],
      ['COMPLETED', done('change.completed')],
      ['COMPLETED', done('change.completed')],
      ['COMPLETED', done('change.completed')],
      ['COMPLETED', done('change.completed')],
      ['COMPLETED', [...approved, 'change.scheduled', 'change.unscheduled', ...ran, 'change.completed']],
      // The exception was granted after the owner signed, while the CAB was still reading.
      ['COMPLETED', ['change.created', 'change.submitted', 'signoff.recorded', 'freeze-exception.granted', 'signoff.recorded', 'signoff.recorded', 'change.approved', ...ran, 'change.completed']],
      // Filed from a standard template: approved at once, no sign-off.
      ...Array.from({ length: 3 }, () => ['COMPLETED', ['change.created', 'change.submitted', 'change.approved', ...ran, 'change.completed']]),
      ['APPROVED', [...approved, 'freeze-exception.justified']],
    ])
    expect(trails.map(([status]) => status)).toEqual(DEMO_STATUSES)
    const signOffEvents = await prisma.auditEvent.findMany({ where: { action: 'signoff.recorded' }, select: { actorId: true } })
    const signOffs = changes.flatMap((c) => c.signOffs.map((s) => s.approverId))
    expect(signOffEvents.map((e) => e.actorId).sort()).toEqual(signOffs.sort())
    const manager = await prisma.user.findUniqueOrThrow({ where: { email: 'manager@example.com' } })
    expect(await prisma.auditEvent.findFirst({ where: { action: 'change.scheduled' }, orderBy: { id: 'asc' }, select: { actorId: true } })).toEqual({ actorId: manager.id })
  })

  it('shows an emergency change its requester justified into a SOFT freeze: the freeze check passes for its revision', async () => {
    await seedDemoData(prisma)
    const change = await prisma.changeRequest.findFirstOrThrow({ where: { title: 'Drain the poisoned dead-letter queue' }, select: { id: true, type: true } })
    expect(change.type).toBe('EMERGENCY')
    const manager = await prisma.user.findUniqueOrThrow({ where: { email: 'manager@example.com' }, select: { id: true, name: true, roles: true, timeZone: true } })
    const state = await loadChangeFreezeState(manager, change.id)
    expect(state?.blocking).toEqual([])
    expect(state?.permitted.map((p) => [p.name, p.severity])).toEqual([['Event bus migration freeze', 'SOFT']])
    expect(state?.exceptions).toEqual([expect.objectContaining({ byRequester: true, current: true, grantedBy: 'Rita Requester' })])
  })

  it('gives /metrics ten weeks of figures: outcomes, a follow-up, decisions by both approvers, emergencies, a freeze exception and an un-scheduling', async () => {
    await seedDemoData(prisma)
    const manager = await prisma.user.findUniqueOrThrow({ where: { email: 'manager@example.com' }, select: { id: true, name: true, roles: true, timeZone: true } })
    const m = await loadMetrics(manager, ZMetricsInput.parse({ period: '90' }))
    expect(m.outcomes.total).toMatchObject({ completed: 18, failed: 2, rolledBack: 2 })
    expect(m.outcomes.fromTemplates).toMatchObject({ completed: 3, failed: 0, rolledBack: 0 })
    expect(m.outcomes.followUps).toBe(1)
    expect(m.outcomes.byService.map((s) => s.serviceName).sort()).toEqual(['Customer Portal', 'Data Warehouse', 'Message Queue', 'Payments API'])
    const byName = new Map(m.governance.approvers.map((a) => [a.name, a]))
    expect(byName.get('Avery Approver')).toMatchObject({ rejections: 0 })
    expect(byName.get('Blake Approver')).toMatchObject({ rejections: 1 })
    // Avery decides within hours, Blake within a day or so.
    expect(byName.get('Avery Approver')?.timeToDecision.p50).toBeLessThan(6 * 3600)
    expect(byName.get('Blake Approver')?.timeToDecision.p50).toBeGreaterThan(12 * 3600)
    expect(m.governance.minimalStatements.numerator).toBe(2)
    // Every demo decision of the history follows a recorded first view, at most two hours before it.
    expect(m.governance.readingTime.count).toBeGreaterThan(15)
    expect(m.governance.readingTime.p90).toBeLessThanOrEqual(2 * 3600)
    // The CAB signed the three past high-risk changes after their owners (two members each).
    expect(m.governance.groups.find((g) => g.name === 'CAB')).toMatchObject({ members: 3, decisions: 6, approvals: 6, rejections: 0 })
    // The two in the history and the one justified into the event bus freeze.
    expect(m.governance.emergency.numerator).toBe(3)
    expect(m.governance.emergencyOverdueReview.changes.map((c) => c.title)).toEqual(['Patch the payments gateway TLS library'])
    // The change managers' dashboard shows the same overdue review on first start.
    expect((await loadEmergencyWatch(manager)).overdue.changes.map((c) => c.title)).toEqual(['Patch the payments gateway TLS library'])
    // Last quarter's granted exception and the emergency's own justification.
    expect(m.governance.freezeExceptions).toEqual({ total: 2, hard: 0, soft: 2 })
    expect(m.governance.unscheduledByFreezes).toEqual({ changes: 1, events: 1 })
    // Two standard changes scheduled by their requester, and the three uses of the standard templates.
    expect(m.flow.noHumanWait.numerator).toBe(5)
    expect(m.flow.waiting.count).toBe(1)
    expect(m.weekly.filter((w) => w.completed > 0).length).toBeGreaterThan(6)
  })

  it('has two approved standard templates, signed by a change manager other than the proposer and the service owner, with past uses', async () => {
    await seedDemoData(prisma)
    const templates = await prisma.standardTemplate.findMany({
      orderBy: { name: 'asc' },
      select: { name: true, status: true, approvedVersion: { select: { proposedById: true, signOffs: { select: { signerId: true } }, changes: { select: { status: true } } } } },
    })
    expect(templates.map((t) => [t.name, t.status])).toEqual([
      ['Patch a stateless web node', 'ACTIVE'],
      ['Rotate a TLS certificate', 'ACTIVE'],
    ])
    for (const t of templates) {
      const signers = t.approvedVersion?.signOffs.map((s) => s.signerId) ?? []
      expect(signers).toHaveLength(2)
      expect(signers).not.toContain(t.approvedVersion?.proposedById)
      expect(t.approvedVersion?.changes.length).toBeGreaterThan(0)
    }
    // Their uses were approved with no sign-off.
    expect(await prisma.signOff.count({ where: { change: { templateVersionId: { not: null } } } })).toBe(0)
  })
})
