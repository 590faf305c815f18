import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrate } from '../../lib/db/migrate'
import { adminQuery, withDatabase } from '../setup/postgres'
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink'
import { apiPost, freePort, signIn, SIGN_OFF_STATEMENT, startNext, stopApp, waitForReady, type AppProcess } from '../support/app-process'

/**
 * Two app processes (`next start` on the finished build, as two replicas
 * behind a load balancer) on one PostgreSQL with one NEXTAUTH_SECRET, each on
 * its own port, driven over HTTP. The test process is a third process on the
 * same database: it arranges data with the factories and runs the use cases
 * that have no HTTP route (declaring a freeze, creating a change: server
 * actions only), which still races them against the instances' transactions.
 */
const { serverUrl } = inject('testDatabase')
const database = `changeboard_instances_${process.pid}`
const databaseUrl = withDatabase(serverUrl, database)
const secret = 'instances-test-secret-0123456789abcdef'
// The app's own client and use cases in this process read these lazily.
process.env.DATABASE_URL = databaseUrl
process.env.NEXTAUTH_SECRET = secret
process.env.NEXTAUTH_URL ??= 'http://127.0.0.1:3000'
const scratch = mkdtempSync(path.join(tmpdir(), 'changeboard-instances-'))
let sink: SmtpSink
let a: AppProcess | undefined
let b: AppProcess | undefined

beforeAll(async () => {
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  await adminQuery(serverUrl, `CREATE DATABASE ${database}`)
  // The runner migrates once (npm start / the image do the same before serving).
  await migrate(databaseUrl)
  sink = await startSmtpSink()
  const env = { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: secret, SMTP_URL: sink.url, MAIL_FROM: 'Changeboard <cab@example.org>', PUBLIC_URL: 'https://cab.example.org' }
  const [portA, portB] = [await freePort(), await freePort()]
  a = startNext(portA, env)
  b = startNext(portB, env)
  await Promise.all([waitForReady(a), waitForReady(b)])
}, 180_000)

afterAll(async () => {
  await Promise.all([stopApp(a), stopApp(b)])
  const { prisma } = await import('../../lib/server/db')
  await prisma.$disconnect()
  await sink?.close()
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  rmSync(scratch, { recursive: true, force: true })
})

async function people() {
  const { createUser, createService } = await import('../factories')
  const requester = await createUser({ roles: ['REQUESTER'] })
  const first = await createUser({ roles: ['APPROVER'] })
  const second = await createUser({ roles: ['APPROVER'] })
  const manager = await createUser({ roles: ['CHANGE_MANAGER'] })
  const admin = await createUser({ roles: ['ADMIN'] })
  const service = await createService({ ownerId: first.id })
  return { requester, first, second, manager, admin, service }
}

describe('two instances on one database', () => {
  it('share sessions: a session made on one is valid on the other', async () => {
    if (!a || !b) throw new Error('instances not started')
    const { manager } = await people()
    const cookie = await signIn(a.base, manager.email, manager.password)
    const session = await fetch(`${b.base}/api/auth/session`, { headers: { cookie } })
    expect(session.status).toBe(200)
    expect(((await session.json()) as { user?: { email?: string } }).user?.email).toBe(manager.email)
    // And without the cookie B knows nobody: the session is the cookie, not B's memory.
    expect(await (await fetch(`${b.base}/api/auth/session`)).json()).toEqual({})
  })

  it('respect the gate: a schedule through B is refused until the last sign-off lands through A, then accepted', async () => {
    if (!a || !b) throw new Error('instances not started')
    const { prisma } = await import('../../lib/server/db')
    const { createSubmittedChange } = await import('../factories/sign-offs')
    const p = await people()
    const change = await createSubmittedChange(prisma, { requesterId: p.requester.id, serviceIds: [p.service.id], nominatedIds: [p.second.id] })
    const sign = async (base: string, user: { email: string; password: string; name: string }) =>
      apiPost(base, await signIn(base, user.email, user.password), `/api/v1/changes/${change.id}/sign-offs`, {
        decision: 'APPROVED',
        statement: SIGN_OFF_STATEMENT,
        signature: user.name,
        revision: change.revision,
        fingerprint: change.fingerprint,
      })
    const instanceB = b
    const managerOnB = await signIn(instanceB.base, p.manager.email, p.manager.password)
    const schedule = () => apiPost(instanceB.base, managerOnB, `/api/v1/changes/${change.id}/schedule`, {})

    expect((await sign(a.base, p.first)).status).toBe(201)
    const refused = await schedule()
    expect(refused.status).toBe(422)
    const body = (await refused.json()) as { error: { code: string; reasons: { message: string }[] } }
    expect(body.error.code).toBe('REFUSED')
    expect(body.error.reasons.map((r) => r.message)).toContain(`Awaiting sign-off from ${p.second.name}.`)

    expect((await sign(a.base, p.second)).status).toBe(201)
    const accepted = await schedule()
    expect(accepted.status).toBe(200)
    expect(((await accepted.json()) as { change: { status: string } }).change.status).toBe('SCHEDULED')
    expect((await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).status).toBe('SCHEDULED')
  })

  it('hold the freeze-vs-schedule lock across processes: never SCHEDULED inside a HARD freeze', async () => {
    if (!a) throw new Error('instances not started')
    const { prisma } = await import('../../lib/server/db')
    const { createApprovedChange, findSignOffInvariantViolations } = await import('../factories/sign-offs')
    const { createFreeze } = await import('../../lib/server/freezes/save-freeze')
    const { ZCreateFreezeInput } = await import('../../lib/server/freezes/schemas')
    const p = await people()
    const admin = { id: p.admin.id, name: p.admin.name, roles: p.admin.roles }
    const managerOnA = await signIn(a.base, p.manager.email, p.manager.password)
    const outcomes = new Set<string>()
    for (let i = 0; i < 8; i++) {
      const day = String(i + 1).padStart(2, '0')
      const change = await createApprovedChange(prisma, {
        requesterId: p.requester.id,
        serviceIds: [p.service.id],
        windowStart: new Date(`2034-03-${day}T10:00:00Z`),
        windowEnd: new Date(`2034-03-${day}T12:00:00Z`),
      })
      const freeze = ZCreateFreezeInput.parse({
        name: `Cross-process freeze ${i}`,
        reason: 'Declared on one process while another schedules',
        startsAtLocal: `2034-03-${day}T11:00`,
        endsAtLocal: `2034-03-${day}T13:00`,
        timeZone: 'UTC',
        scope: 'ALL_SERVICES',
        serviceIds: [],
        severity: 'HARD',
      })
      // Vary who starts first; nothing about timing is asserted.
      const later = <T,>(ms: number, work: () => Promise<T>) => new Promise<T>((resolve, reject) => setTimeout(() => work().then(resolve, reject), ms))
      const [scheduled, declared] = await Promise.all([
        apiPost(a.base, managerOnA, `/api/v1/changes/${change.id}/schedule`, {}),
        later((i % 4) * 15, () => createFreeze(admin, freeze)),
      ])
      outcomes.add(`${scheduled.status}/${declared.unscheduled.length}`)
      // Either the schedule won and the freeze unscheduled it, or the freeze won and the schedule was refused.
      expect([200, 422]).toContain(scheduled.status)
      expect((await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).status).toBe('APPROVED')
    }
    const inside = await prisma.$queryRaw<{ id: string }[]>`
      SELECT c.id FROM "ChangeRequest" c JOIN "FreezePeriod" f ON f.severity = 'HARD' AND f."archivedAt" IS NULL
       WHERE c.status = 'SCHEDULED' AND tstzrange(c."windowStart", c."windowEnd") && tstzrange(f."startsAt", f."endsAt")
         AND NOT EXISTS (SELECT 1 FROM "FreezeException" e WHERE e."changeId" = c.id AND e."freezeId" = f.id)`
    expect(inside).toEqual([])
    expect(await findSignOffInvariantViolations(prisma)).toEqual([])
    console.info('cross-process race outcomes (schedule status / unscheduled by the freeze):', [...outcomes])
  })

  it('keep CHG numbers gap-free when changes are created at once', async () => {
    if (!a || !b) throw new Error('instances not started')
    const { prisma } = await import('../../lib/server/db')
    const { createDraftChange } = await import('../../lib/server/change-requests/create-change')
    const { ZChangeFields } = await import('../../lib/server/change-requests/schemas')
    const p = await people()
    const requester = { id: p.requester.id, name: p.requester.name, roles: p.requester.roles }
    // Creating a change is a server action only (no JSON route), so the use case runs here, in a
    // third process on the same database, while both instances write changes' rows (sign-offs,
    // schedules) through HTTP. Numbers come from one row of "NumberSequence" updated inside each
    // creating transaction, so the guarantee does not depend on which process creates.
    const fields = ZChangeFields.parse({
      title: 'Concurrent change',
      type: 'NORMAL',
      riskLevel: 'LOW',
      purpose: 'Prove numbering across processes.',
      serviceIds: [p.service.id],
      timeZone: 'UTC',
    })
    await Promise.all(Array.from({ length: 12 }, () => createDraftChange(requester, fields)))
    const numbers = (await prisma.changeRequest.findMany({ select: { number: true }, orderBy: { number: 'asc' } })).map((c) => c.number)
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1))
  })

  it('run each job once: every message written to the outbox arrives exactly once, though both instances deliver', async () => {
    const { prisma } = await import('../../lib/server/db')
    const { createUser } = await import('../factories')
    const { notify } = await import('../../lib/server/notifications/notify')
    const { registerQueue } = await import('../../lib/server/jobs/queue')
    const { default: PgBoss } = await import('pg-boss')
    const recipients = await Promise.all(Array.from({ length: 10 }, () => createUser({ roles: ['REQUESTER'] })))
    // A queue client without workers or maintenance, so notify() here enqueues each delivery in its
    // transaction exactly as a request on an instance does; only the two instances work the jobs.
    const sender = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', supervise: false, schedule: false })
    await sender.start()
    registerQueue(sender)
    try {
      await Promise.all(recipients.map((r, i) => notify({ kind: 'comment', userIds: [r.id], changeId: null, message: `Message ${i}, to arrive once.` })))
    } finally {
      registerQueue(null)
      await sender.stop({ graceful: true, wait: true })
    }
    const deadline = Date.now() + 60_000
    for (;;) {
      const pending = await prisma.mailMessage.count({ where: { recipientId: { in: recipients.map((r) => r.id) }, status: { not: 'SENT' } } })
      if (pending === 0) break
      if (Date.now() > deadline) throw new Error(`${pending} messages not delivered`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    // Give a duplicate delivery, if any, time to land before counting (a guard, not a timing assertion).
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    const addresses = recipients.map((r) => r.email.toLowerCase())
    const received = sink.messages.flatMap((m) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((t) => t.value.map((v) => (v.address ?? '').toLowerCase())))
    for (const address of addresses) expect(received.filter((r) => r === address), address).toHaveLength(1)
  })
})
