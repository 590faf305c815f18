import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { verifyCredentials } from '@/lib/server/auth/verify-credentials'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '../../prisma/seed'
import { findSignOffInvariantViolations } from '../factories/sign-offs'

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
    expect(changes).toEqual([
      { number: 1, status: 'DRAFT' },
      { number: 2, status: 'SUBMITTED' },
      { number: 3, status: 'APPROVED' },
      { number: 4, status: 'SCHEDULED' },
    ])
    expect(await prisma.freezePeriod.count()).toBe(1)
    // The demo starts consistent with the invariant: every approved/scheduled change is signed at its fingerprint…
    expect(await findSignOffInvariantViolations(prisma)).toEqual([])
    // …and no scheduled change sits inside the freeze.
    const clash = await prisma.$queryRaw<{ id: string }[]>`
      SELECT c.id FROM "ChangeRequest" c JOIN "FreezePeriod" f ON f.span && c."window" WHERE c.status = 'SCHEDULED'`
    expect(clash).toEqual([])
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
      select: { status: true, auditEvents: { orderBy: { at: 'asc' }, select: { action: true } }, signOffs: { select: { approverId: true } } },
    })
    const trails = changes.map((c) => [c.status, c.auditEvents.map((e) => e.action)])
    expect(trails).toEqual([
      ['DRAFT', ['change.created']],
      ['SUBMITTED', ['change.created', 'change.submitted']],
      ['APPROVED', ['change.created', 'change.submitted', 'signoff.recorded', 'change.approved']],
      ['SCHEDULED', ['change.created', 'change.submitted', 'signoff.recorded', 'change.approved', 'change.scheduled']],
    ])
    const signOffEvents = await prisma.auditEvent.findMany({ where: { action: 'signoff.recorded' }, select: { actorId: true } })
    const signOffs = changes.flatMap((c) => c.signOffs.map((s) => s.approverId))
    expect(signOffEvents.map((e) => e.actorId).sort()).toEqual(signOffs.sort())
    const manager = await prisma.user.findUniqueOrThrow({ where: { email: 'manager@example.com' } })
    expect(await prisma.auditEvent.findFirst({ where: { action: 'change.scheduled' }, select: { actorId: true } })).toEqual({ actorId: manager.id })
  })
})
