import { expect, test } from '@playwright/test'
import { loginAs } from './fixtures'
import { arrangeChange, arrangeRequester, serviceIdByName } from './support/changes'

test('pages carry a nonce CSP that forbids framing, plus nosniff and a strict referrer policy', async ({ page }) => {
  const response = await page.goto('/sign-in')
  const headers = response?.headers() ?? {}
  expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/)
  expect(headers['content-security-policy']).toMatch(/default-src 'self'/)
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
  // Over plain HTTP no HSTS is sent (it would pin localhost to HTTPS).
  expect(headers['strict-transport-security']).toBeUndefined()

  const api = await page.request.get('/api/auth/session')
  expect(api.headers()['x-content-type-options']).toBe('nosniff')
  expect(api.headers()['x-frame-options']).toBe('DENY')
})

test('another site cannot frame Changeboard (the sign-off page must not be clickjacked)', async ({ page, baseURL }) => {
  await page.setContent(`<h1>Evil page</h1><iframe title="framed" src="${baseURL}/sign-in" width="600" height="400"></iframe>`, { waitUntil: 'load' })
  const framed = page.frames().find((frame) => frame !== page.mainFrame())
  expect(framed).toBeDefined()
  // Chromium refuses the document and shows its own error page in the frame instead.
  expect(framed?.url()).not.toBe(`${baseURL}/sign-in`)
  await expect(page.frameLocator('iframe').getByLabel('Email')).toHaveCount(0)
})

test('a markdown image from another host is a link, and the main pages run with no CSP violation', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) violations.push(message.text())
  })
  const requester = await arrangeRequester()
  const change = await arrangeChange({
    requesterId: requester.id,
    serviceIds: [await serviceIdByName('Payments API')],
    status: 'SUBMITTED',
    text: { purpose: 'Replace the gateway. ![topology diagram](https://tracker.example/pixel.png)' },
  })
  await loginAs(page, 'manager')
  for (const path of ['/', '/changes', '/approvals', '/calendar', `/changes/${change.id}`]) {
    await page.goto(path)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  }
  // Client-side scripts run under the CSP: the calendar is built in the browser, and its buttons work.
  await page.goto('/calendar')
  await page.getByRole('button', { name: 'List' }).click()
  await expect(page.getByRole('button', { name: 'List' })).toHaveAttribute('aria-pressed', 'true')

  await page.goto(`/changes/${change.id}`)
  const link = page.getByRole('link', { name: 'Image: topology diagram' })
  await expect(link).toHaveAttribute('href', 'https://tracker.example/pixel.png')
  await expect(page.locator('img[src*="tracker.example"]')).toHaveCount(0)
  expect(violations).toEqual([])
})
