import { expect, test } from '@playwright/test'
import { loginAs } from './fixtures'
import { e2eDb } from './support/db'
import { answerRiskQuestionnaire, localInput, unique } from './support/changes'

const DAY = 86_400_000

test('the requester sees a critical service raise the risk as they type, raises it with a reason, and the change page lists why', async ({ page }) => {
  const title = `Upgrade the card vault ${unique()}`
  // A Wednesday 10:00 UTC three weeks out: outside the demo Payments API maintenance window (Tue/Thu nights).
  const start = new Date(Math.ceil((Date.now() + 21 * DAY) / DAY) * DAY)
  start.setUTCDate(start.getUTCDate() + ((3 - start.getUTCDay() + 7) % 7))
  start.setUTCHours(10)
  await loginAs(page, 'requester')
  await page.goto('/changes/new')
  await page.getByLabel('Title', { exact: true }).fill(title)
  const texts: Record<string, string> = {
    Purpose: 'Move the card vault to the new HSM cluster before the old one is retired.',
    'Current state': 'Keys live on the 2019 HSM pair in the old data centre.',
    'Future state': 'Keys live on the new HSM cluster; the old pair is wiped.',
    'Implementation plan': '1. Export wrapped keys\n2. Import on the new cluster\n3. Switch the vault endpoint',
    'Rollback plan': 'Point the vault back at the old HSM pair, which stays untouched for a week.',
    'Monitoring plan': 'Watch vault latency and signature failures for two hours.',
    'Test and validation evidence': 'Rehearsed twice on staging with production-sized key sets.',
    Impact: 'Card payments pause for up to two minutes during the switch.',
  }
  for (const [label, value] of Object.entries(texts)) await page.getByLabel(label, { exact: true }).fill(value)
  await page.getByLabel(/^Window start/).fill(localInput(start))
  await page.getByLabel(/^Window end/).fill(localInput(new Date(start.getTime() + 2 * 3_600_000)))
  await answerRiskQuestionnaire(page, 'benign')

  // Before saving: the rules fire in the preview as the form changes.
  const preview = page.getByRole('region', { name: 'Risk as the form stands' })
  await page.getByRole('checkbox', { name: /^Data Warehouse/ }).check()
  await expect(preview.getByRole('status')).toHaveText(/^Risk Low: /)
  await page.getByRole('checkbox', { name: /^Payments API/ }).check()
  await expect(preview.getByRole('status')).toHaveText(/^Risk High: the rules say high/)
  await expect(preview).toContainText('Payments API is a critical service.')
  await expect(preview).toContainText('outside the maintenance window of Payments API (Tue, Thu 22:00–02:00 (Europe/London))')

  // Lowering is refused, on the preview and on save, with what was typed kept.
  await page.getByLabel('Raise the risk to').selectOption('MEDIUM')
  await page.getByLabel('Reason for raising it').fill('We have moved keys between HSMs before.')
  await expect(preview).toContainText('you may raise it, never lower it')
  await page.getByRole('button', { name: 'Save draft' }).click()
  await expect(page.getByLabel('Raise the risk to')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Reason for raising it')).toHaveValue('We have moved keys between HSMs before.')
  await expect(page.getByRole('checkbox', { name: /^Payments API/ })).toBeChecked()

  const reason = 'The key export tooling is new and has not run against production HSMs.'
  await page.getByLabel('Raise the risk to').selectOption('HIGH')
  await page.getByLabel('Reason for raising it').fill(reason)
  await page.getByRole('button', { name: 'Save draft' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()

  const risk = page.locator('#risk')
  await expect(risk).toContainText('Risk High')
  await expect(risk.getByRole('listitem').filter({ hasText: 'A critical service is affected' })).toContainText('Payments API is a critical service.')
  await expect(risk.getByRole('listitem').filter({ hasText: 'Outside a service’s maintenance window' })).toBeVisible()
  await expect(risk.getByRole('heading', { name: 'Raised by the requester to high' })).toBeVisible()
  await expect(risk).toContainText(reason)
  await expect(risk.getByRole('heading', { name: 'Questionnaire' })).toBeVisible()
  await expect(risk).toContainText('Can the change be reversed within the window? Yes')

  // Stored as the change's risk, read by lists, policies and the API.
  const row = await e2eDb().changeRequest.findFirstOrThrow({ where: { title }, select: { riskLevel: true, riskRaiseLevel: true } })
  expect(row).toEqual({ riskLevel: 'HIGH', riskRaiseLevel: 'HIGH' })
})

test('an admin edits a rule threshold: a bad value is refused beside the field and kept, a good one is saved', async ({ page }) => {
  await loginAs(page, 'admin')
  await page.goto('/admin/risk')
  await expect(page.getByRole('heading', { level: 1, name: 'Risk rules and questions' })).toBeVisible()
  const rule = page.getByRole('form', { name: 'Many services are affected' })
  const threshold = rule.getByLabel('Number of services (services)')
  await expect(threshold).toHaveValue('3')

  await threshold.fill('1')
  await rule.getByRole('button', { name: 'Save the rule “Many services are affected”' }).click()
  await expect(rule.getByText('Number of services must be between 2 and 100 services.')).toBeVisible()
  await expect(rule.getByLabel('Number of services (services)')).toHaveAttribute('aria-invalid', 'true')
  await expect(rule.getByLabel('Number of services (services)')).toHaveValue('1')

  try {
    await rule.getByLabel('Number of services (services)').fill('5')
    await rule.getByLabel('Raises the risk to').selectOption('HIGH')
    await rule.getByRole('button', { name: 'Save the rule “Many services are affected”' }).click()
    await expect(rule.getByRole('status')).toHaveText(/Rule saved/)
    await page.reload()
    await expect(page.getByRole('form', { name: 'Many services are affected' }).getByLabel('Number of services (services)')).toHaveValue('5')
    expect(await e2eDb().riskRule.findUniqueOrThrow({ where: { key: 'MANY_SERVICES' } })).toMatchObject({ threshold: 5, level: 'HIGH', enabled: true })
  } finally {
    // Other specs share this database: put the default back.
    await e2eDb().riskRule.update({ where: { key: 'MANY_SERVICES' }, data: { threshold: 3, level: 'MEDIUM', enabled: true } })
  }
})
