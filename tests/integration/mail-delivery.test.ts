// Issue 11: e-mail goes through the outbox and pg-boss to a real SMTP server
// (smtp-server in this process), and survives rollbacks, outages and a second
// instance.
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/domain/shared/types'
import { utcToLocalInput } from '@/lib/domain/time/zoned'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { prisma } from '@/lib/server/db'
import { createFreeze } from '@/lib/server/freezes/save-freeze'
import { ZCreateFreezeInput } from '@/lib/server/freezes/schemas'
import { publicBaseUrl } from '@/lib/server/http/public-url'
import { QUEUES } from '@/lib/server/jobs/queue'
import { startJobs } from '@/lib/server/jobs/start'
import { recordOutcome, startChange } from '@/lib/server/lifecycle/transition'
import { deliverMail, smtpSender } from '@/lib/server/notifications/deliver-mail'
import { notify } from '@/lib/server/notifications/notify'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import { ZScheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { recordSignOff } from '@/lib/server/sign-offs/record-sign-off'
import { ZRecordSignOffInput } from '@/lib/server/sign-offs/schemas'
import { startSmtpSink, type SmtpSink } from '@/tests/support/smtp-sink'
import { actorWith, cast, formFields } from './change-requests-support'

const MINUTE = 60_000
const RETRY = { retryLimit: 2, retryDelay: 1, retryBackoff: false }

let sink: SmtpSink
let jobs: Awaited<ReturnType<typeof startJobs>>

beforeAll(async () => {
  sink = await startSmtpSink()
  jobs = await startJobs({ send: smtpSender(sink.url), retry: RETRY, pollingIntervalSeconds: 0.5 })
})

afterAll(async () => {
  await jobs?.stop()
  await sink?.close()
})

const emailOf = async (actor: Actor) => (await prisma.user.findUniqueOrThrow({ where: { id: actor.id } })).email
const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address))
const invitation = (m: ParsedMail) => m.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString() ?? null

/** The messages about one change whose subject names this event. */
async function mailsFor(changeId: string, label: string, count: number): Promise<ParsedMail[]> {
  const link = `${publicBaseUrl()}/changes/${changeId}`
  const deadline = Date.now() + 20_000
  for (;;) {
    const found = sink.messages.filter((m) => (m.subject ?? '').includes(label) && (m.text ?? '').includes(link))
    if (found.length >= count || Date.now() > deadline) return found
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function submittedChange(windowStart: Date) {
  const c = await cast()
  const fields = formFields({
    serviceIds: [c.payments.id, c.queue.id],
    windowStart: utcToLocalInput(windowStart, 'UTC'),
    windowEnd: utcToLocalInput(new Date(windowStart.getTime() + 60 * MINUTE), 'UTC'),
  })
  const submitted = await submitChange(c.requester, { fields })
  return { ...c, changeId: submitted.id, number: submitted.number }
}

async function approveAndSchedule(c: Awaited<ReturnType<typeof submittedChange>>) {
  const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: c.changeId } })
  for (const signer of [c.avery, c.blake]) {
    await recordSignOff(
      signer,
      ZRecordSignOffInput.parse({
        changeId: c.changeId,
        revision: row.revision,
        fingerprint: row.fingerprint,
        decision: 'APPROVED',
        statement: 'I read the implementation and rollback plans; they match our runbook.',
        signature: signer.name,
      }),
    )
  }
  await scheduleChange(c.manager, ZScheduleChangeInput.parse({ changeId: c.changeId }))
}

describe('e-mail through a real SMTP server', () => {
  it('asks each required approver to sign off, with a deep link and the window in their zone', async () => {
    const c = await submittedChange(new Date('2031-06-10T09:00:00Z'))
    const mails = await mailsFor(c.changeId, 'Sign-off requested', 2)
    expect(mails.flatMap(to).sort()).toEqual([await emailOf(c.avery), await emailOf(c.blake)].sort())
    for (const mail of mails) {
      expect(mail.subject).toBe(`[Changeboard] ${c.number} Sign-off requested: Rotate the payment gateway TLS certificate`)
      expect(mail.text).toContain(`Open it in Changeboard: ${publicBaseUrl()}/changes/${c.changeId}`)
      expect(mail.text).toContain('Window: 2031-06-10 09:00 – 2031-06-10 10:00 (UTC, GMT)')
      expect(mail.html).toContain(`href="${publicBaseUrl()}/changes/${c.changeId}"`)
    }
    expect(await prisma.mailMessage.count({ where: { changeId: c.changeId, status: 'SENT' } })).toBe(2)
  })

  it('sends the scheduled change with a calendar invitation, and cancels it when a freeze unschedules the change', async () => {
    const c = await submittedChange(new Date('2031-07-01T09:00:00Z'))
    await approveAndSchedule(c)
    const scheduled = await mailsFor(c.changeId, 'Scheduled', 3)
    // The manager who scheduled it is not told about their own action.
    expect(scheduled.flatMap(to).sort()).toEqual([await emailOf(c.requester), await emailOf(c.avery), await emailOf(c.blake)].sort())
    for (const mail of scheduled) {
      const ics = invitation(mail)
      expect(ics).toContain('METHOD:REQUEST')
      expect(ics).toContain(`UID:change-${c.changeId}@changeboard`)
      expect(ics).toContain('DTSTART:20310701T090000Z')
    }

    const admin = await actorWith(['ADMIN'])
    await createFreeze(
      admin,
      ZCreateFreezeInput.parse({
        name: 'Summer release freeze',
        reason: 'Release weekend',
        startsAtLocal: '2031-07-01T00:00',
        endsAtLocal: '2031-07-02T00:00',
        timeZone: 'UTC',
        scope: 'ALL_SERVICES',
        severity: 'HARD',
      }),
    )
    const unscheduled = await mailsFor(c.changeId, 'Unscheduled', 3)
    expect(unscheduled.flatMap(to).sort()).toEqual([await emailOf(c.requester), await emailOf(c.avery), await emailOf(c.blake)].sort())
    for (const mail of unscheduled) {
      expect(mail.text).toContain('Summer release freeze')
      expect(invitation(mail)).toContain('METHOD:CANCEL')
      expect(invitation(mail)).toContain(`UID:change-${c.changeId}@changeboard`)
    }
  })

  it('tells the requester and approvers the outcome, with its notes', async () => {
    const c = await submittedChange(new Date(Date.now() + 5 * MINUTE))
    await approveAndSchedule(c)
    await startChange(c.manager, { changeId: c.changeId, version: undefined })
    await recordOutcome(c.manager, { changeId: c.changeId, version: undefined, outcome: 'rollBack', notes: 'Step 3 failed: the proxies kept the old chain. Rolled back at 09:40.' })
    const outcome = await mailsFor(c.changeId, 'Outcome', 3)
    expect(outcome.flatMap(to).sort()).toEqual([await emailOf(c.requester), await emailOf(c.avery), await emailOf(c.blake)].sort())
    for (const mail of outcome) {
      expect(mail.text).toContain(`rolled back ${c.number}`)
      expect(mail.text).toContain('Step 3 failed: the proxies kept the old chain.')
    }
  })
})

describe('e-mail faults', () => {
  it('writes nothing, and sends nothing, when the state change rolls back', async () => {
    const user = await actorWith(['REQUESTER'])
    await expect(
      prisma.$transaction(async (tx) => {
        await notify({ kind: 'comment', userIds: [user.id], changeId: null, message: 'This must never be seen.' }, { tx })
        throw new Error('the state change failed')
      }),
    ).rejects.toThrow('the state change failed')
    expect(await prisma.notification.count({ where: { userId: user.id } })).toBe(0)
    expect(await prisma.mailMessage.count({ where: { recipientId: user.id } })).toBe(0)
    const jobsForNobody = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = ${QUEUES.deliverMail}
      AND data->>'messageId' NOT IN (SELECT id::text FROM "MailMessage")`
    expect(Number(jobsForNobody[0]?.n)).toBe(0)
  })

  it('retries while the SMTP server refuses, marks the message failed, and delivers it on a later retry; the app keeps working', async () => {
    const user = await actorWith(['REQUESTER'], { name: 'Outage Olivia' })
    sink.failing = true
    try {
      await notify({ kind: 'comment', userIds: [user.id], changeId: null, message: 'Sent during an SMTP outage.' })
      const failed = await waitForStatus(user.id, 'FAILED')
      expect(failed.attempts).toBe(RETRY.retryLimit + 1)
      expect(failed.lastError).toMatch(/Mailbox unavailable/)
      // The board still works while mail is down: a notice for someone else is written at once.
      const other = await actorWith(['REQUESTER'])
      await notify({ kind: 'comment', userIds: [other.id], changeId: null, message: 'Still working.' })
      expect(await prisma.notification.count({ where: { userId: other.id } })).toBe(1)
    } finally {
      sink.failing = false
    }
    const before = sink.messages.length
    // What "Retry delivery" on /admin/outbox does.
    const message = await prisma.mailMessage.findFirstOrThrow({ where: { recipientId: user.id } })
    await prisma.mailMessage.update({ where: { id: message.id }, data: { status: 'QUEUED' } })
    await jobs.boss.send(QUEUES.deliverMail, { messageId: message.id }, { singletonKey: message.id })
    await waitForStatus(user.id, 'SENT')
    const delivered = sink.messages.slice(before).filter((m) => to(m).includes(message.toAddress))
    expect(delivered).toHaveLength(1)
  })

  it('sends each message once when two instances deliver from one database', async () => {
    const second = await startJobs({ send: smtpSender(sink.url), retry: RETRY, pollingIntervalSeconds: 0.5 })
    try {
      const people = await Promise.all(Array.from({ length: 8 }, (_, i) => actorWith(['REQUESTER'], { name: `Twin ${i}` })))
      const before = sink.messages.length
      await Promise.all(people.map((p, i) => notify({ kind: 'comment', userIds: [p.id], changeId: null, message: `Message ${i} to deliver once.` })))
      for (const p of people) await waitForStatus(p.id, 'SENT')
      // And a direct race on one message: exactly one delivery wins the claim.
      const extra = await actorWith(['REQUESTER'])
      await notify({ kind: 'comment', userIds: [extra.id], changeId: null, message: 'Raced.' })
      const raced = await prisma.mailMessage.findFirstOrThrow({ where: { recipientId: extra.id } })
      const send = smtpSender(sink.url)
      const results = await Promise.all([deliverMail(raced.id, { send, lastAttempt: false }), deliverMail(raced.id, { send, lastAttempt: false })])
      await waitForStatus(extra.id, 'SENT')
      const addresses = [...(await Promise.all([...people, extra].map(emailOf)))]
      const received = sink.messages.slice(before).flatMap(to).filter((a) => addresses.includes(a as string))
      expect(received.sort()).toEqual(addresses.sort())
      expect(results.filter((r) => r === 'sent').length).toBeLessThanOrEqual(1)
    } finally {
      await second.stop()
    }
  })
})

async function waitForStatus(recipientId: string, status: 'SENT' | 'FAILED') {
  const deadline = Date.now() + 30_000
  for (;;) {
    const row = await prisma.mailMessage.findFirst({ where: { recipientId } })
    if (row?.status === status) return row
    if (Date.now() > deadline) throw new Error(`message for ${recipientId} is ${row?.status ?? 'missing'}, expected ${status}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
