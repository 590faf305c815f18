import { expect, test } from '@playwright/test'
import { loginAs } from './fixtures'

// Issue 14: the change manager reads the board's numbers; every table can be
// downloaded as CSV; the page is not for requesters.

test('a change manager reads the metrics, filters the period and downloads a table as CSV', async ({ page }) => {
  await loginAs(page, 'manager')
  await page.getByRole('link', { name: 'Metrics' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Metrics' })).toBeVisible()
  for (const section of ['Outcomes', 'Flow', 'Governance', 'The rubber-stamp signal']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible()
  }
  await expect(page.getByRole('table', { name: /^Decisions per approver \(/ })).toBeVisible()
  // A prompt to look, not an accusation: the page says so beside the signal.
  await expect(page.getByText(/not an accusation/i)).toBeVisible()

  await page.getByLabel('Period').selectOption('90')
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page).toHaveURL(/period=90/)
  await expect(page.getByText(/last 90 days/i).first()).toBeVisible()
  // The demo CAB (three members) signed the three past high-risk changes, two members each
  // (the approval-policies spec, running beside this one, may add its own CAB decisions).
  const cab = page.getByRole('table', { name: /^Decisions per approver group/ }).getByRole('row', { name: /^CAB/ })
  await expect(cab.getByRole('cell').nth(0)).toHaveText('3')
  expect(Number(await cab.getByRole('cell').nth(1).textContent())).toBeGreaterThanOrEqual(6)

  const href = await page.getByRole('link', { name: 'Download CSV' }).first().getAttribute('href')
  expect(href).toMatch(/^\/metrics\/export\?/)
  const csv = await page.request.get(href ?? '')
  expect(csv.status()).toBe(200)
  expect(csv.headers()['content-type']).toMatch(/^text\/csv/)
  expect((await csv.text()).split('\n')[0]?.length).toBeGreaterThan(0)
})

test('a requester is refused the metrics page and its export', async ({ page }) => {
  await loginAs(page, 'requester')
  await expect(page.getByRole('link', { name: 'Metrics' })).toHaveCount(0)
  const response = await page.goto('/metrics')
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible()
  expect((await page.request.get('/metrics/export?table=approvers')).status()).toBe(403)
})

// The demo history (prisma/demo-changes.ts, seeded for e2e with SEED_DEMO_CHANGES=history)
// finished six Data Warehouse changes in the last 90 days: five completed, one rolled
// back. No other spec records an outcome on that service, so the figures are the demo's own.
test('a change manager filters the metrics by service and sees that service\'s demo figures', async ({ page }) => {
  await loginAs(page, 'manager')
  await page.goto('/metrics?period=90')
  const byService = page.getByRole('table', { name: /Outcomes by service/ })
  const warehouse = byService.getByRole('row', { name: /^Data Warehouse/ })
  await expect(warehouse.getByRole('cell')).toHaveText(['5', '0', '1', '83 % (5 of 6)'])

  await page.getByRole('combobox', { name: 'Service' }).selectOption({ label: 'Data Warehouse' })
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page).toHaveURL(/serviceId=/)
  // Filtered to the service, the page's total is that row's figure...
  await expect(page.getByText(/^Success rate \(completed against/)).toContainText('83 % (5 of 6)')
  // ...and only changes touching the warehouse remain: no payments change does.
  await expect(byService.getByRole('row', { name: /^Payments API/ })).toHaveCount(0)
  await expect(byService.getByRole('row', { name: /^Data Warehouse/ })).toHaveCount(1)
})
