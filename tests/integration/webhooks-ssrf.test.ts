// Issue 12, item 6: webhook URLs cannot reach the internal network. Without
// WEBHOOKS_ALLOW_HTTP (production), registration refuses plain http, private,
// loopback and link-local addresses, and a delivery re-checks its URL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { prisma } from '@/lib/server/db'
import { deliverWebhook } from '@/lib/server/webhooks/deliver'
import { createWebhook } from '@/lib/server/webhooks/manage-webhooks'
import { sealWebhookSecret } from '@/lib/server/webhooks/secret-box'
import { guardedLookup, isNonPublicAddress, WebhookTargetRefused } from '@/lib/server/webhooks/url-guard'
import { actorWith } from './change-requests-support'

vi.hoisted(() => {
  process.env.WEBHOOKS_ALLOW_HTTP = 'false'
})

let server: Server
let hits = 0
beforeAll(async () => {
  server = createServer((_request, response) => {
    hits += 1
    response.end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
})

async function refusal(url: string): Promise<string[]> {
  const admin = await actorWith(['ADMIN'])
  try {
    await createWebhook(admin, { url, secret: 'whsec_ssrf_test_secret_000000', events: ['freeze.saved'] })
  } catch (error) {
    const details = (error as { code?: string; details?: { fieldErrors?: Record<string, string[]> } })
    expect(details.code).toBe('INVALID_INPUT')
    return details.details?.fieldErrors?.url ?? []
  }
  throw new Error(`${url} was accepted`)
}

describe('webhook URLs at registration', () => {
  it('refuse plain http to a public host', async () => {
    expect(await refusal('http://hooks.example.com/changeboard')).toEqual([expect.stringContaining('https://')])
  })

  it('refuse private, loopback and link-local addresses, the cloud metadata service among them', async () => {
    for (const url of [
      'https://10.1.2.3/hook',
      'https://192.168.0.10/hook',
      'https://172.20.0.1/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://[fe80::1]/hook',
      'https://[::ffff:169.254.169.254]/hook',
      'https://localhost/hook',
    ]) {
      expect(await refusal(url), url).toEqual([expect.stringMatching(/private|local|public/)])
    }
  })

  it('refuse credentials in the URL, and anything but http(s)', async () => {
    expect(await refusal('https://user:pass@hooks.example.com/x')).toEqual([expect.stringContaining('password')])
    expect(await refusal('ftp://hooks.example.com/x')).toEqual([expect.stringContaining('https://')])
    expect(await refusal('not a url')).toEqual([expect.stringContaining('full URL')])
  })

  it('classify addresses by network', () => {
    for (const address of ['10.0.0.1', '127.0.0.1', '169.254.169.254', '172.31.255.255', '192.168.1.1', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe']) {
      expect(isNonPublicAddress(address), address).toBe(true)
    }
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111']) expect(isNonPublicAddress(address), address).toBe(false)
  })
})

describe('webhook URLs at delivery', () => {
  it('are checked again: a stored loopback URL is refused without a request, and the delivery FAILED with the reason', async () => {
    const admin = await actorWith(['ADMIN'])
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
    // Registered while the flag was on (or written before the rule): the delivery still checks.
    const hook = await prisma.webhook.create({ data: { url, secret: sealWebhookSecret('whsec_ssrf_test_secret_000000'), events: ['freeze.saved'], createdById: admin.id } })
    const delivery = await prisma.webhookDelivery.create({
      data: { webhookId: hook.id, event: 'freeze.saved', payload: { id: 'x', event: 'freeze.saved', occurredAt: new Date().toISOString(), data: {} } },
    })
    expect(await deliverWebhook(delivery.id, { lastAttempt: false })).toBe('failed')
    expect(hits).toBe(0)
    const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1 })
    expect(row.lastError).toMatch(/^Refused: /)
  })

  it('check the resolved address at connect time: a name resolving to loopback is refused by the lookup the request uses', async () => {
    const outcome = await new Promise<Error | null>((resolve) => {
      guardedLookup({ allowHttp: false })('localhost', { all: true }, (error) => resolve(error))
    })
    expect(outcome).toBeInstanceOf(WebhookTargetRefused)
    expect(outcome?.message).toMatch(/non-public address/)
    const allowed = await new Promise<Error | null>((resolve) => {
      guardedLookup({ allowHttp: true })('localhost', { all: true }, (error) => resolve(error))
    })
    expect(allowed).toBeNull()
  })
})
