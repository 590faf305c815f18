import { expect, test } from '@playwright/test'
import { DEMO, loginAs, signIn } from './fixtures'
import { arrangeChange, arrangeRequester, localInput, serviceIdByName, unique, userIdByEmail } from './support/changes'

const DAY = 86_400_000

test('a requester files a change, fixes a missing rollback plan, saves a draft, submits and revises it with a visible diff', async ({ page }) => {
  const dialogs: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  const title = `Rotate gateway certificate ${unique()}`
  const start = new Date(Math.ceil((Date.now() + 10 * DAY) / 60_000) * 60_000)
  await loginAs(page, 'requester')
  await page.goto('/changes/new')
  await expect(page.getByRole('heading', { level: 1, name: 'New change' })).toBeVisible()

  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('Change type').selectOption('NORMAL')
  const texts: Record<string, string> = {
    Purpose: 'The gateway TLS certificate expires next month.',
    'Current state': 'Certificate issued by the old CA, valid until the 30th.',
    'Future state': 'Certificate from the new CA, valid for a year.',
    'Implementation plan': '1. Upload the new certificate\n2. Reload the proxies one by one <script>alert(1)</script>',
    'Monitoring plan': 'Watch TLS handshake errors and 5xx for an hour.',
    'Test and validation evidence': 'Tested on staging on Monday.',
    'Communication plan': 'Post in #payments before and after.',
    Impact: 'No downtime expected; brief reconnects for long-lived clients.',
  }
  for (const [label, value] of Object.entries(texts)) await page.getByLabel(label, { exact: true }).fill(value)
  await page.getByLabel(/^Window start/).fill(localInput(start))
  await page.getByLabel(/^Window end/).fill(localInput(new Date(start.getTime() + 2 * 3_600_000)))
  await expect(page.getByText('Window (times in UTC)')).toBeVisible()
  await page.getByRole('checkbox', { name: /^Payments API/ }).check()
  // The owner is pre-filled as an approver; the requester is listed but cannot be ticked.
  await expect(page.getByRole('checkbox', { name: /^Avery Approver/ })).toBeChecked()

  await page.getByRole('button', { name: 'Submit for approval' }).click()
  await expect(page.getByText('Rollback plan is required.')).toBeVisible()
  await expect(page.getByLabel('Rollback plan', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Purpose', { exact: true })).toHaveValue(texts.Purpose ?? '')
  await expect(page.getByLabel('Implementation plan', { exact: true })).toHaveValue(texts['Implementation plan'] ?? '')
  await expect(page.getByRole('checkbox', { name: /^Payments API/ })).toBeChecked()

  await page.getByLabel('Rollback plan', { exact: true }).fill('Re-install the old certificate from the vault and reload.')
  await page.getByRole('button', { name: 'Save draft' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.locator('article header').getByText('Draft', { exact: true })).toBeVisible()
  // Markdown is rendered, HTML is not: the script tag is shown as text and never runs.
  await expect(page.locator('#content')).toContainText('<script>alert(1)</script>')
  await expect(page.locator('#content li').first()).toHaveText('Upload the new certificate')

  await page.getByRole('button', { name: 'Submit for approval' }).click()
  await expect(page.locator('article header').getByText('Awaiting sign-off', { exact: true })).toBeVisible()
  await expect(page.locator('#approvers')).toContainText('Avery Approver')

  await page.getByRole('link', { name: 'Edit change' }).click()
  await page.getByLabel('Rollback plan', { exact: true }).fill('Re-install the old certificate from the vault, reload, and tell #payments.')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.locator('article header')).toContainText('Revision 2')
  const diff = page.getByRole('definition').filter({ hasText: 'Revision 1 (before)' })
  await expect(page.locator('#revisions dt', { hasText: 'Rollback plan' })).toBeVisible()
  await expect(diff.locator('ins', { hasText: 'tell' })).toBeVisible()
  await expect(diff).toContainText('from the vault and reload.')
  await expect(page.locator('#audit')).toContainText('created revision 2 by changing Rollback plan')
  if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT, fullPage: true })
  expect(dialogs).toEqual([])
})

test('a requester cancels another of their changes with a reason', async ({ page }) => {
  const ritaId = await userIdByEmail(DEMO.requester.email)
  const change = await arrangeChange({ requesterId: ritaId, serviceIds: [await serviceIdByName('Message Queue')], status: 'SUBMITTED', title: `Resize queue ${unique()}` })
  await loginAs(page, 'requester')
  await page.goto(`/changes/${change.id}`)
  const form = page.getByRole('form', { name: 'Cancel the change' })
  await form.getByRole('button', { name: 'Cancel change' }).click()
  await expect(form.getByText('Give a reason for cancelling the change.')).toBeVisible()
  await form.getByLabel('Reason for cancelling').fill('Superseded by the platform upgrade.')
  await form.getByRole('button', { name: 'Cancel change' }).click()
  await expect(page.locator('article header').getByText('Cancelled', { exact: true })).toBeVisible()
  await expect(page.locator('article header')).toContainText('Cancelled: Superseded by the platform upgrade.')
  await expect(page.locator('#audit')).toContainText('cancelled the change: Superseded by the platform upgrade.')
})

test('a requester cannot edit someone else’s draft', async ({ page }) => {
  const owner = await arrangeRequester()
  const draft = await arrangeChange({ requesterId: owner.id, serviceIds: [await serviceIdByName('Payments API')], title: `Quinn's draft ${unique()}` })
  await loginAs(page, 'requester')
  await page.goto(`/changes/${draft.id}`)
  await expect(page.getByRole('heading', { level: 1, name: /Quinn's draft/ })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Edit change' })).toHaveCount(0)
  await expect(page.getByRole('form', { name: 'Cancel the change' })).toHaveCount(0)
  const response = await page.goto(`/changes/${draft.id}/edit`)
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible()

  // The owner can.
  await page.context().clearCookies()
  await signIn(page, owner.email, owner.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await page.goto(`/changes/${draft.id}`)
  await expect(page.getByRole('link', { name: 'Edit change' })).toBeVisible()
})

test('the change list filters by status and finds a change by title or number', async ({ page }) => {
  const ritaId = await userIdByEmail(DEMO.requester.email)
  const word = `Zephyr${unique()}`
  const approved = await arrangeChange({ requesterId: ritaId, serviceIds: [await serviceIdByName('Data Warehouse')], status: 'APPROVED', title: `${word} warehouse reindex` })
  await arrangeChange({ requesterId: ritaId, serviceIds: [await serviceIdByName('Data Warehouse')], title: `${word} draft idea` })
  await loginAs(page, 'requester')
  await page.goto('/changes')
  await page.getByLabel('Search title or number').fill(word)
  await page.getByRole('button', { name: 'Apply filters' }).click()
  await expect(page).toHaveURL(new RegExp(`q=${word}`))
  await expect(page.getByRole('row')).toHaveCount(3)
  await page.getByLabel('Status').selectOption('APPROVED')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  await expect(page.getByRole('row')).toHaveCount(2)
  await expect(page.getByRole('row', { name: new RegExp(`${word} warehouse reindex`) })).toContainText('Approved')

  await page.goto(`/changes?q=${approved.displayNumber}`)
  await expect(page.getByRole('row')).toHaveCount(2)
  await page.getByRole('link', { name: `${word} warehouse reindex` }).click()
  await expect(page.getByRole('heading', { level: 1, name: `${word} warehouse reindex` })).toBeVisible()
})

test('after a roll-back, the requester raises a linked follow-up change from the old one', async ({ page }) => {
  const requesterId = await userIdByEmail(DEMO.requester.email)
  const title = `Queue failover ${unique()}`
  const rolledBack = await arrangeChange({
    requesterId,
    serviceIds: [await serviceIdByName('Message Queue')],
    status: 'ROLLED_BACK',
    title,
    text: { rollbackPlan: 'Fail back to the primary broker and replay from the last checkpoint.' },
  })
  await loginAs(page, 'requester')
  await page.goto(`/changes/${rolledBack.id}`)
  await page.getByRole('button', { name: 'Raise a follow-up change' }).click()

  // A new draft, opened for editing, starting from the old content without a window.
  await expect(page.getByLabel('Title')).toHaveValue(`Follow-up to ${rolledBack.displayNumber}: ${title}`)
  await expect(page.getByLabel('Rollback plan', { exact: true })).toHaveValue('Fail back to the primary broker and replay from the last checkpoint.')
  await expect(page.getByLabel(/^Window start/)).toHaveValue('')

  await page.goto(`/changes/${rolledBack.id}`)
  const followUps = page.getByRole('list', { name: 'Follow-up changes' })
  await expect(followUps).toContainText(`Follow-up to ${rolledBack.displayNumber}`)
  await followUps.getByRole('link').click()
  await expect(page.getByRole('region', { name: 'Linked changes' })).toContainText(`Follows ${rolledBack.displayNumber}: ${title}`)
})

test('a refused follow-up is explained on its form, not on an error page', async ({ page }) => {
  const requesterId = await userIdByEmail(DEMO.requester.email)
  const title = `Broker patch ${unique()}`
  const rolledBack = await arrangeChange({ requesterId, serviceIds: [await serviceIdByName('Message Queue')], status: 'ROLLED_BACK', title })
  await loginAs(page, 'requester')
  await page.goto(`/changes/${rolledBack.id}`)
  // A stale or tampered form: the change it names does not exist.
  const form = page.getByRole('form', { name: 'Raise a follow-up change' })
  await form.locator('input[name="changeId"]').evaluate((input: HTMLInputElement) => {
    input.value = '00000000-0000-4000-8000-000000000000'
  })
  await form.getByRole('button', { name: 'Raise a follow-up change' }).click()
  await expect(form.getByRole('alert')).toContainText('This change does not exist.')
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
})
