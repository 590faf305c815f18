// Issue 12, item 6: outgoing webhooks delivered through the outbox and pg-boss
// to a real HTTP receiver (node:http in this process), signed, retried, and
// emitted only by state changes that commit.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { utcToLocalInput } from '@/lib/domain/time/zoned'
import type { WebhookEvent } from '@/lib/domain/webhooks/events'
import { verifySignature } from '@/lib/domain/webhooks/signature'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { prisma } from '@/lib/server/db'
import { createFreeze } from '@/lib/server/freezes/save-freeze'
import { ZCreateFreezeInput } from '@/lib/server/freezes/schemas'
import { startJobs } from '@/lib/server/jobs/start'
import { startChange } from '@/lib/server/lifecycle/transition'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import { ZScheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { recordSignOff } from '@/lib/server/sign-offs/record-sign-off'
import { ZRecordSignOffInput } from '@/lib/server/sign-offs/schemas'
import { emitWebhookEvent } from '@/lib/server/webhooks/emit'
import { createWebhook, retryWebhookDelivery } from '@/lib/server/webhooks/manage-webhooks'
import { actorWith, cast, failureCode, formFields } from './change-requests-support'

// Before anything reads the environment: http to 127.0.0.1 is allowed in this file only.
vi.hoisted(() => {
  process.env.WEBHOOKS_ALLOW_HTTP = 'true'
})

const MINUTE = 60_000
const SECRET = 'whsec_integration_test_secret_0123'
type Received = { path: string; headers: IncomingHttpHeaders; body: string; at: Date }

let server: Server
let base: string
let jobs: Awaited<ReturnType<typeof startJobs>>
const received: Received[] = []
/** Per path: the statuses to answer in turn (the last one repeats). */
const script = new Map<string, number[]>()

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const path = request.url ?? '/'
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: new Date() })
      const statuses = script.get(path) ?? [200]
      const status = statuses.length > 1 ? (statuses.shift() ?? 200) : (statuses[0] ?? 200)
      response.writeHead(status, { 'Content-Type': 'text/plain' }).end(status >= 400 ? `receiver says ${status}` : 'ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  jobs = await startJobs({ send: null, webhookRetry: { retryLimit: 3, retryDelay: 1, retryBackoff: false }, pollingIntervalSeconds: 0.5 })
})

afterAll(async () => {
  await jobs?.stop()
  await new Promise((resolve) => server?.close(resolve))
})

// Every active webhook hears every event it subscribes to: each test starts with none.
afterEach(async () => {
  await prisma.webhook.updateMany({ data: { active: false } })
})

async function hook(path: string, events: WebhookEvent[], secret = SECRET) {
  const admin = await actorWith(['ADMIN'])
  return createWebhook(admin, { url: `${base}${path}`, secret, events })
}

async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const deliveriesOf = (webhookId: string) => prisma.webhookDelivery.findMany({ where: { webhookId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })

async function declareFreeze(name: string, serviceIds: string[] = []) {
  const admin = await actorWith(['ADMIN'])
  return createFreeze(
    admin,
    ZCreateFreezeInput.parse({
      name,
      reason: 'Quarter close',
      startsAtLocal: '2032-03-30T00:00',
      endsAtLocal: '2032-04-01T00:00',
      timeZone: 'UTC',
      scope: serviceIds.length > 0 ? 'SELECTED_SERVICES' : 'ALL_SERVICES',
      serviceIds,
      severity: 'SOFT',
    }),
  )
}

async function submitted(windowStart: Date) {
  const c = await cast()
  const fields = formFields({
    serviceIds: [c.payments.id],
    windowStart: utcToLocalInput(windowStart, 'UTC'),
    windowEnd: utcToLocalInput(new Date(windowStart.getTime() + 60 * MINUTE), 'UTC'),
  })
  const change = await submitChange(c.requester, { fields })
  return { ...c, changeId: change.id, number: change.number }
}

async function signOff(c: Awaited<ReturnType<typeof submitted>>) {
  const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: c.changeId } })
  await recordSignOff(
    c.avery,
    ZRecordSignOffInput.parse({
      changeId: c.changeId,
      revision: row.revision,
      fingerprint: row.fingerprint,
      decision: 'APPROVED',
      statement: 'Private statement: the rollback plan matches the runbook.',
      signature: c.avery.name,
    }),
  )
}

describe('webhook delivery to a real HTTP receiver', () => {
  it('POSTs signed JSON with the event and delivery headers; the right secret verifies, a wrong one does not', async () => {
    const { id } = await hook('/signed', ['freeze.saved'])
    const freeze = await declareFreeze('Signed freeze')
    const request = await until(async () => received.find((r) => r.path === '/signed'), 'the signed delivery')
    const [delivery] = await deliveriesOf(id)
    expect(delivery).toBeDefined()

    expect(request.headers['content-type']).toBe('application/json')
    expect(request.headers['changeboard-event']).toBe('freeze.saved')
    expect(request.headers['changeboard-delivery']).toBe(delivery?.id)
    const signature = String(request.headers['changeboard-signature'])
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    expect(verifySignature(SECRET, request.body, signature, request.at)).toBe(true)
    expect(verifySignature('whsec_not_the_secret_at_all_0000', request.body, signature, request.at)).toBe(false)

    const body = JSON.parse(request.body) as { id: string; event: string; occurredAt: string; data: { action: string; freeze: { id: string; name: string } } }
    expect(Object.keys(body)).toEqual(['id', 'event', 'occurredAt', 'data'])
    expect(body).toMatchObject({ id: delivery?.id, event: 'freeze.saved', data: { action: 'declared', freeze: { id: freeze.id, name: 'Signed freeze' } } })

    const done = await until(async () => (await deliveriesOf(id)).find((d) => d.status === 'DELIVERED'), 'DELIVERED')
    expect(done).toMatchObject({ attempts: 1, lastStatusCode: 200, lastError: null })
    expect(done.deliveredAt).not.toBeNull()
  })

  it('retries a receiver answering 500 twice, and delivers on the third attempt with each attempt counted', async () => {
    script.set('/flaky', [500, 500, 200])
    const { id } = await hook('/flaky', ['freeze.saved'])
    await declareFreeze('Flaky freeze')
    const done = await until(async () => (await deliveriesOf(id)).find((d) => d.status === 'DELIVERED'), 'delivery after retries', 40_000)
    expect(done).toMatchObject({ attempts: 3, lastStatusCode: 200, lastError: null })
    const attempts = received.filter((r) => r.path === '/flaky')
    expect(attempts).toHaveLength(3)
    // The same delivery each time, so the receiver can deduplicate.
    expect(new Set(attempts.map((r) => r.headers['changeboard-delivery']))).toEqual(new Set([done.id]))
  })

  it('marks a delivery FAILED after the last attempt, with the reason, and an admin can retry it', async () => {
    script.set('/down', [503])
    const { id } = await hook('/down', ['freeze.saved'])
    await declareFreeze('Down freeze')
    const failed = await until(async () => (await deliveriesOf(id)).find((d) => d.status === 'FAILED'), 'FAILED', 40_000)
    // retryLimit 3: the first attempt and three retries.
    expect(failed).toMatchObject({ attempts: 4, lastStatusCode: 503 })
    expect(failed.lastError).toContain('HTTP 503: receiver says 503')
    expect(failed.lastError).toContain('last attempt')

    script.set('/down', [200])
    await retryWebhookDelivery(await actorWith(['ADMIN']), { deliveryId: failed.id })
    const delivered = await until(async () => (await deliveriesOf(id)).find((d) => d.status === 'DELIVERED'), 'DELIVERED after retry')
    expect(delivered).toMatchObject({ id: failed.id, attempts: 5, lastStatusCode: 200 })
  })

  it('fails a 4xx answer at once, without retries (408 and 429 retry: lib/domain/webhooks unit tests)', async () => {
    script.set('/gone', [410])
    const { id } = await hook('/gone', ['freeze.saved'])
    await declareFreeze('Gone freeze')
    const failed = await until(async () => (await deliveriesOf(id)).find((d) => d.status === 'FAILED'), 'FAILED')
    expect(failed).toMatchObject({ attempts: 1, lastStatusCode: 410 })
    expect(failed.lastError).toContain('HTTP 410')
  })
})

describe('webhook events are emitted with the state change, to subscribed webhooks only', () => {
  it('a rolled-back transaction emits nothing, and a refused transition neither', async () => {
    const { id } = await hook('/rollback', ['change.status_changed', 'freeze.saved', 'gate.changed', 'signoff.recorded'])
    await expect(
      prisma.$transaction(async (tx) => {
        await emitWebhookEvent(tx, 'freeze.saved', { freeze: { id: 'x' } })
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    // A SUBMITTED change cannot start: refused inside the transaction, after its lock.
    const s = await submitted(new Date('2032-05-04T09:00:00Z'))
    const before = (await deliveriesOf(id)).length
    expect(await failureCode(() => startChange(s.manager, { changeId: s.changeId }))).not.toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect((await deliveriesOf(id)).length).toBe(before)
    expect((await deliveriesOf(id)).map((d) => d.event)).toEqual(['change.status_changed'])
    expect(received.filter((r) => r.path === '/rollback').map((r) => r.headers['changeboard-event'])).not.toContain('freeze.saved')
  })

  it('a status change, a sign-off and a freeze save each reach the webhooks subscribed to them', async () => {
    const status = await hook('/status', ['change.status_changed'])
    const signoffs = await hook('/signoffs', ['signoff.recorded'])
    const freezes = await hook('/freezes', ['freeze.saved'])
    const gate = await hook('/gate', ['gate.changed'])

    const c = await submitted(new Date('2032-06-08T09:00:00Z'))
    await signOff(c)
    await scheduleChange(c.manager, ZScheduleChangeInput.parse({ changeId: c.changeId }))
    await declareFreeze('Subscribed freeze', [c.queue.id])

    const statusEvents = await deliveriesOf(status.id)
    expect(statusEvents.map((d) => d.event)).toEqual(['change.status_changed', 'change.status_changed', 'change.status_changed'])
    expect(statusEvents.map((d) => (d.payload as { data: { from: string; to: string } }).data).map((d) => `${d.from}→${d.to}`)).toEqual([
      'DRAFT→SUBMITTED',
      'SUBMITTED→APPROVED',
      'APPROVED→SCHEDULED',
    ])
    expect(statusEvents[2]?.payload).toMatchObject({ event: 'change.status_changed', data: { change: { id: c.changeId, number: c.number, status: 'SCHEDULED' } } })

    const signOffEvents = await deliveriesOf(signoffs.id)
    expect(signOffEvents.map((d) => d.event)).toEqual(['signoff.recorded'])
    expect(signOffEvents[0]?.payload).toMatchObject({ data: { signOff: { decision: 'APPROVED', approver: { id: c.avery.id } }, change: { id: c.changeId, status: 'APPROVED' } } })
    // No statements and no signatures leave Changeboard.
    expect(JSON.stringify(signOffEvents[0]?.payload)).not.toContain('Private statement')

    const freezeEvents = await deliveriesOf(freezes.id)
    expect(freezeEvents.map((d) => d.event)).toEqual(['freeze.saved'])
    expect(freezeEvents[0]?.payload).toMatchObject({ data: { action: 'declared', freeze: { name: 'Subscribed freeze', serviceIds: [c.queue.id] } } })

    // gate.changed: scheduling covered payments; the freeze covers queue.
    const gateEvents = await deliveriesOf(gate.id)
    expect(gateEvents.map((d) => (d.payload as { data: { cause: { kind: string }; services: { id: string }[] } }).data)).toEqual([
      expect.objectContaining({ cause: expect.objectContaining({ kind: 'change.status_changed' }), services: [expect.objectContaining({ id: c.payments.id })] }),
      expect.objectContaining({ cause: expect.objectContaining({ kind: 'freeze.saved' }), services: [expect.objectContaining({ id: c.queue.id })] }),
    ])

    for (const { id } of [status, signoffs, freezes, gate]) {
      await until(async () => (await deliveriesOf(id)).every((d) => d.status === 'DELIVERED'), `all deliveries of ${id}`)
    }
  })

  it('an inactive webhook receives nothing', async () => {
    const { id } = await hook('/inactive', ['freeze.saved'])
    await prisma.webhook.update({ where: { id }, data: { active: false } })
    await declareFreeze('Unheard freeze')
    expect(await deliveriesOf(id)).toEqual([])
  })
})

describe('registration', () => {
  it('stores the secret encrypted, never as typed, and generates one when none is given', async () => {
    const admin = await actorWith(['ADMIN'])
    const made = await createWebhook(admin, { url: `${base}/generated`, events: ['gate.changed'] })
    expect(made.generated).toBe(true)
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    const row = await prisma.webhook.findUniqueOrThrow({ where: { id: made.id } })
    expect(row.secret).not.toContain(made.secret)
    expect(row.secret).toMatch(/^v1:/)
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: 'webhook', entityId: made.id } })
    expect(JSON.stringify(audit.details)).not.toContain(made.secret)
  })
})
