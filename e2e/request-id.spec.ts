import { expect, test } from '@playwright/test'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Every response names the request id its log line carries (lib/server/request-log.ts). */
test.describe('request ids', () => {
  test('a plain incoming X-Request-Id is kept and returned, on pages and on route handlers', async ({ request }) => {
    for (const path of ['/sign-in', '/api/health/live']) {
      const response = await request.get(path, { headers: { 'X-Request-Id': 'lb-1700000000.42:abc' } })
      expect(response.headers()['x-request-id'], path).toBe('lb-1700000000.42:abc')
    }
  })

  test('a missing or unsafe one is replaced by a fresh UUID', async ({ request }) => {
    const none = (await request.get('/sign-in')).headers()['x-request-id']
    expect(none).toMatch(UUID)
    const forged = (await request.get('/sign-in', { headers: { 'X-Request-Id': 'x"}, {"level":60' } })).headers()['x-request-id']
    expect(forged).toMatch(UUID)
    expect(forged).not.toBe(none)
  })
})
