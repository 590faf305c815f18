import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'

// The OpenAPI document and the reference page are public: they describe the
// API and reveal no data (lib/server/openapi).

test('GET /api/v1/openapi.json answers the OpenAPI 3.1 document without credentials', async ({ request }) => {
  const response = await request.get('/api/v1/openapi.json')
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toMatch(/^application\/json/)
  // The rest of /api keeps the CSP that allows nothing (next.config.js leaves out only /api/docs).
  expect(response.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'")
  const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> }
  expect(document.openapi).toBe('3.1.0')
  expect(Object.keys(document.paths['/api/v1/gate'] ?? {})).toContain('get')
})

test('/api/docs shows every operation as readable, accessible HTML under its strict CSP', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text())
  })
  const response = await page.goto('/api/docs')
  expect(response?.status()).toBe(200)
  const csp = response?.headers()['content-security-policy'] ?? ''
  expect(csp).toMatch(/default-src 'none'/)
  expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/)
  expect(csp).toMatch(/frame-ancestors 'none'/)

  await expect(page.getByRole('heading', { level: 1, name: 'Changeboard API reference' })).toBeVisible()
  const gate = page.getByRole('region', { name: 'GET /api/v1/gate' })
  await expect(gate).toBeVisible()
  await expect(gate.getByRole('table', { name: 'Parameters' }).getByRole('row', { name: /service/ })).toBeVisible()
  await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'POST /api/v1/changes/{id}/schedule' }).click()
  await expect(page).toHaveURL(/#op-postChangesIdSchedule$/)
  // Its own stylesheet applied (allowed by hash): the method badge is coloured.
  await expect(gate.locator('.method').first()).toHaveCSS('color', 'rgb(255, 255, 255)')

  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([])
  expect(violations).toEqual([])
})
