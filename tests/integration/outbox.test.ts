import { afterEach, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'
import { createQueue, ensureQueues, QUEUES, registerQueue, registeredQueue } from '@/lib/server/jobs/queue'
import { listOutbox, OUTBOX_PAGE_SIZE, retryMail } from '@/lib/server/notifications/outbox'
import { ZListOutboxInput } from '@/lib/server/notifications/schemas'
import type { MailStatus } from '@/lib/generated/prisma/client'
import { actorWith, failureCode } from './change-requests-support'

async function message(recipient: Actor, data: { status: MailStatus; createdAt?: Date; attempts?: number; lastError?: string | null; subject?: string }) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: recipient.id }, select: { email: true } })
  return prisma.mailMessage.create({
    data: {
      kind: 'comment',
      recipientId: recipient.id,
      toAddress: user.email,
      subject: data.subject ?? 'A comment on CHG-000001',
      text: 'Someone commented.',
      html: '<p>Someone commented.</p>',
      status: data.status,
      attempts: data.attempts ?? 0,
      lastError: data.lastError ?? null,
      createdAt: data.createdAt,
      claimedUntil: data.status === 'FAILED' ? new Date(Date.now() + 60_000) : null,
    },
  })
}

/** Every page of the outbox for one filter, in order. */
async function allPages(admin: Actor, status: string) {
  const seen: { id: string; status: string; createdAt: Date }[] = []
  let page = await listOutbox(admin, ZListOutboxInput.parse({ status }))
  expect(page.older).toBe(false)
  let pages = 1
  for (;;) {
    expect(page.items.length).toBeLessThanOrEqual(OUTBOX_PAGE_SIZE)
    seen.push(...page.items)
    if (!page.next) break
    page = await listOutbox(admin, ZListOutboxInput.parse({ status, after: page.next }))
    expect(page.older).toBe(true)
    pages += 1
  }
  return { seen, pages }
}

describe('listOutbox', () => {
  it('pages newest first without repeats, even when messages share a time, and filters by status', async () => {
    const admin = await actorWith(['ADMIN'])
    const recipient = await actorWith(['APPROVER'])
    const statuses: MailStatus[] = ['STORED', 'FAILED', 'QUEUED', 'SENT', 'HELD']
    const total = 2 * OUTBOX_PAGE_SIZE + 7
    // Pairs share a timestamp, so a page boundary must fall back on the id.
    for (let i = 0; i < total; i += 1) {
      await message(recipient, { status: statuses[i % statuses.length] ?? 'STORED', createdAt: new Date(Date.UTC(2026, 0, 1, 0, Math.floor(i / 2))) })
    }

    const all = await allPages(admin, 'ALL')
    expect(all.pages).toBe(3)
    const expected = await prisma.mailMessage.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } })
    expect(all.seen.map((m) => m.id)).toEqual(expected.map((m) => m.id))
    expect(new Set(all.seen.map((m) => m.id)).size).toBe(total)

    const failed = await allPages(admin, 'FAILED')
    expect(failed.seen.length).toBe(Math.ceil((total - 1) / statuses.length))
    expect(failed.seen.every((m) => m.status === 'FAILED')).toBe(true)
    const times = failed.seen.map((m) => m.createdAt.getTime())
    expect(times).toEqual([...times].sort((a, b) => b - a))

    // Each row carries what the page shows: the recipient's name and the message as sent.
    const [first] = (await listOutbox(admin, ZListOutboxInput.parse({}))).items
    expect(first).toMatchObject({ recipient: { name: recipient.name }, subject: 'A comment on CHG-000001', text: 'Someone commented.', html: '<p>Someone commented.</p>', ics: null })

    // A hand-edited URL shows the newest page of everything, never an error.
    const edited = await listOutbox(admin, ZListOutboxInput.parse({ status: 'EXPLODED', after: 'not-a-cursor' }))
    expect(edited.items.map((m) => m.id)).toEqual(all.seen.slice(0, OUTBOX_PAGE_SIZE).map((m) => m.id))
    expect(edited.older).toBe(false)
  })

  it('is for administrators only', async () => {
    for (const roles of [['REQUESTER'], ['APPROVER'], ['CHANGE_MANAGER']] as const) {
      const actor = await actorWith([...roles])
      expect(await failureCode(() => listOutbox(actor, ZListOutboxInput.parse({})))).toBe('FORBIDDEN')
    }
  })
})

describe('retryMail', () => {
  afterEach(async () => {
    const boss = registeredQueue()
    registerQueue(null)
    await boss?.stop({ graceful: false, wait: true })
  })

  it('sends a failed message back to the queue, keeps its history and audits it', async () => {
    const admin = await actorWith(['ADMIN'])
    const recipient = await actorWith(['APPROVER'])
    const failed = await message(recipient, { status: 'FAILED', attempts: 7, lastError: 'connect ECONNREFUSED 127.0.0.1:2525' })

    await retryMail(admin, { messageId: failed.id })

    const row = await prisma.mailMessage.findUniqueOrThrow({ where: { id: failed.id } })
    expect(row).toMatchObject({ status: 'QUEUED', claimedUntil: null, attempts: 7, lastError: 'connect ECONNREFUSED 127.0.0.1:2525' })
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: 'mail', entityId: failed.id } })
    expect(audit).toMatchObject({ action: 'mail.retried', actorId: admin.id })
    expect(audit.details).toMatchObject({ messageId: failed.id, attempts: 7, lastError: 'connect ECONNREFUSED 127.0.0.1:2525' })

    // Now it is queued, a second retry is refused.
    expect(await failureCode(() => retryMail(admin, { messageId: failed.id }))).toBe('CONFLICT')
  })

  it('enqueues a delivery job in the same transaction when the process has a queue', async () => {
    const admin = await actorWith(['ADMIN'])
    const recipient = await actorWith(['APPROVER'])
    const failed = await message(recipient, { status: 'FAILED', attempts: 7, lastError: 'timeout' })
    const boss = createQueue(process.env.DATABASE_URL)
    await boss.start()
    await ensureQueues(boss)
    registerQueue(boss)

    await retryMail(admin, { messageId: failed.id })

    const jobs = await prisma.$queryRaw<{ data: { messageId: string }; singleton_key: string | null }[]>`
      SELECT data, singleton_key FROM pgboss.job WHERE name = ${QUEUES.deliverMail}`
    expect(jobs).toEqual([{ data: { messageId: failed.id }, singleton_key: failed.id }])
  })

  it('refuses messages that did not fail, unknown messages, and everyone but administrators', async () => {
    const admin = await actorWith(['ADMIN'])
    const recipient = await actorWith(['APPROVER'])
    for (const status of ['QUEUED', 'SENT', 'STORED', 'HELD', 'DIGESTED'] as const) {
      const row = await message(recipient, { status })
      expect(await failureCode(() => retryMail(admin, { messageId: row.id }))).toBe('CONFLICT')
      expect((await prisma.mailMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe(status)
    }
    expect(await failureCode(() => retryMail(admin, { messageId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND')

    const failed = await message(recipient, { status: 'FAILED', attempts: 7, lastError: 'timeout' })
    for (const roles of [['REQUESTER'], ['APPROVER'], ['CHANGE_MANAGER']] as const) {
      const actor = await actorWith([...roles])
      expect(await failureCode(() => retryMail(actor, { messageId: failed.id }))).toBe('FORBIDDEN')
    }
    expect((await prisma.mailMessage.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe('FAILED')
    expect(await prisma.auditEvent.count({ where: { action: 'mail.retried', entityId: failed.id } })).toBe(0)
  })
})
