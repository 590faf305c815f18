import { expect, test } from '@playwright/test'
import { createService, uniqueSuffix } from '../tests/factories'
import { createTemplate } from '../tests/factories/templates'
import { DEMO, loginAs } from './fixtures'
import { localInput, userIdByEmail } from './support/changes'
import { e2eDb } from './support/db'

// A change filed from an ACTIVE standard template: the locked fields are
// copied and read-only, the server refuses a forged edit of them, and the
// requester schedules the change with no sign-off wait. The template is
// arranged with the factories on the e2e database; everything under test is
// driven through the browser.

async function arrangeTemplate() {
  const db = e2eDb()
  const suffix = uniqueSuffix()
  const ownerId = await userIdByEmail(DEMO.approver.email)
  const managerId = await userIdByEmail(DEMO.manager.email)
  const service = await createService({ ownerId, name: `Edge TLS ${suffix}` }, db)
  return createTemplate(db, {
    name: `Rotate the edge certificate ${suffix}`,
    proposedById: managerId,
    serviceIds: [service.id],
    signers: [{ id: ownerId, name: DEMO.approver.name }],
    maxDurationMinutes: 120,
  })
}

/** A one-hour window on its own day years ahead, so no other spec's change conflicts with it. */
function freeWindow() {
  const start = new Date(Date.UTC(2047, 0, 1, 9) + Math.floor(Math.random() * 3000) * 86_400_000)
  return { start: localInput(start), end: localInput(new Date(start.getTime() + 3_600_000)) }
}

test.describe('standard change templates', () => {
  test('the requester files a change from a template, its locked fields are read-only, and schedules it with no sign-off wait', async ({ page }) => {
    const template = await arrangeTemplate()
    await loginAs(page, 'requester')
    await page.goto('/changes/new')
    await page.getByRole('link', { name: `${template.name} (v1)` }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'New change from a standard template' })).toBeVisible()

    for (const label of ['Purpose', 'Current state', 'Future state', 'Implementation plan', 'Rollback plan', 'Monitoring plan', 'Test and validation evidence', 'Change type']) {
      await expect(page.getByLabel(label, { exact: true })).not.toBeEditable()
    }
    await expect(page.getByLabel('Rollback plan', { exact: true })).toHaveValue(/Re-upload the previous certificate/)
    await expect(page.getByLabel('Title')).toBeEditable()
    // Its risk was weighed when the template was approved: no questionnaire to answer.
    await expect(page.getByRole('group', { name: 'Risk questionnaire' })).toHaveCount(0)

    const window = freeWindow()
    await page.getByLabel('Title').fill(`Edge certificate rotation ${uniqueSuffix()}`)
    await page.getByLabel('Impact').fill('None expected: the listener reloads without dropping connections.')
    await page.getByLabel(/^Window start/).fill(window.start)
    await page.getByLabel(/^Window end/).fill(window.end)
    await page.getByRole('button', { name: 'Submit for approval' }).click()

    await expect(page.getByRole('region', { name: 'Sign-offs' }).getByText(`Pre-approved by standard template ${template.name} v1, approved by ${DEMO.approver.name}`)).toBeVisible()
    await page.getByRole('button', { name: 'Schedule' }).click()
    await expect(page.getByText('This change is scheduled')).toBeVisible()
    const changeId = page.url().split('/changes/')[1]?.split(/[?#]/)[0] ?? ''
    expect(await e2eDb().signOff.count({ where: { changeId } })).toBe(0)
  })

  test('a forged form that edits a locked field is refused next to the field', async ({ page }) => {
    const template = await arrangeTemplate()
    await loginAs(page, 'requester')
    await page.goto(`/changes/new?template=${template.id}`)
    const rollback = page.getByLabel('Rollback plan', { exact: true })
    // What a hand-crafted request would do: drop the read-only attribute and send another plan.
    await rollback.evaluate((el) => el.removeAttribute('readonly'))
    await rollback.fill('We will improvise if it breaks.')
    const window = freeWindow()
    await page.getByLabel('Title').fill(`Forged ${uniqueSuffix()}`)
    await page.getByLabel(/^Window start/).fill(window.start)
    await page.getByLabel(/^Window end/).fill(window.end)
    await page.getByRole('button', { name: 'Submit for approval' }).click()
    await expect(page.getByRole('main').getByRole('alert')).toContainText('locked fields cannot be edited')
    await expect(page.getByText('Rollback plan: This field is fixed by the standard template and cannot be changed.')).toBeVisible()
  })
})
