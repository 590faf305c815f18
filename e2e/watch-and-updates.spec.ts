import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { DEMO, loginAs } from './fixtures'
import { e2eDb } from './support/db'
import { arrangeChange, serviceIdByName, unique, userIdByEmail } from './support/changes'

// Issue 11, items 4 and 5: status updates during implementation on the change's
// timeline, and watching a change or a service (watchers hear the updates).

async function inProgressChange(title: string) {
  const ritaId = await userIdByEmail(DEMO.requester.email)
  const managerId = await userIdByEmail(DEMO.manager.email)
  return arrangeChange({ requesterId: ritaId, serviceIds: [await serviceIdByName('Payments API')], status: 'IN_PROGRESS', title, managerId })
}

test('a change manager posts status updates on an in-progress change and sees them on its timeline', async ({ page }) => {
  const title = `Rotate gateway keys ${unique()}`
  const change = await inProgressChange(title)
  await loginAs(page, 'manager')
  await page.goto(`/changes/${change.id}`)
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Timeline' })).toBeVisible()

  const form = page.getByRole('form', { name: 'Post a status update' })
  const box = form.getByLabel('Status update')
  // An empty update is refused next to the field.
  await form.getByRole('button', { name: 'Post update' }).click()
  await expect(form.getByText('Write the status update.')).toBeVisible()
  await expect(box).toHaveAttribute('aria-invalid', 'true')

  await box.fill('Step 2 of 4 done: proxies reloaded.')
  await form.getByRole('button', { name: 'Post update' }).click()
  const timeline = page.getByRole('list', { name: 'Timeline' })
  const entry = timeline.getByRole('listitem').filter({ hasText: 'Step 2 of 4 done: proxies reloaded.' })
  await expect(entry).toBeVisible()
  await expect(entry).toContainText('Status update')
  await expect(entry).toContainText(DEMO.manager.name)
  // The time is the viewer's zone, named (the demo users read UTC).
  await expect(entry).toContainText('(UTC')
  await expect(form.getByLabel('Status update')).toHaveValue('')
  await expect(page.locator('#audit')).toContainText('posted a status update: Step 2 of 4 done: proxies reloaded.')
  // The timeline, its form and the watch toggle pass the automated WCAG checks.
  const axe = await new AxeBuilder({ page }).include('#timeline').include('article header').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])

  // The work finishes in another tab meanwhile: the post is refused and what was typed stays.
  await e2eDb().changeRequest.update({ where: { id: change.id }, data: { status: 'COMPLETED', finishedAt: new Date(), outcomeNotes: 'Done.' } })
  await form.getByLabel('Status update').fill('Step 3 of 4 done.')
  await form.getByRole('button', { name: 'Post update' }).click()
  await expect(form.getByRole('alert')).toContainText('Status updates can be posted only while the change is in progress.')
  await expect(form.getByLabel('Status update')).toHaveValue('Step 3 of 4 done.')
})

test('an approver watches a change, hears its status updates, and watches a service', async ({ page, browser }) => {
  const title = `Resize payment workers ${unique()}`
  const change = await inProgressChange(title)
  await loginAs(page, 'approver2')
  await page.goto(`/changes/${change.id}`)
  // Not the requester nor a change manager: no form to post updates.
  await expect(page.getByRole('form', { name: 'Post a status update' })).toHaveCount(0)
  await expect(page.getByText('You are not watching this change.')).toBeVisible()
  await page.getByRole('button', { name: 'Watch this change' }).click()
  await expect(page.getByRole('button', { name: 'Stop watching this change' })).toBeVisible()
  await expect(page.getByText('You are watching this change.')).toBeVisible()

  // The change manager posts an update in their own session.
  const managerContext = await browser.newContext()
  const managerPage = await managerContext.newPage()
  await loginAs(managerPage, 'manager')
  await managerPage.goto(`/changes/${change.id}`)
  const form = managerPage.getByRole('form', { name: 'Post a status update' })
  await form.getByLabel('Status update').fill('Rolling back: step 3 failed.')
  await form.getByRole('button', { name: 'Post update' }).click()
  await expect(managerPage.getByRole('list', { name: 'Timeline' })).toContainText('Rolling back: step 3 failed.')
  await managerContext.close()

  await page.goto('/notifications')
  await expect(page.getByText(`${DEMO.manager.name} posted an update on ${change.displayNumber}: Rolling back: step 3 failed.`)).toBeVisible()

  // Stop watching again, then watch a whole service from the services page.
  await page.goto(`/changes/${change.id}`)
  await page.getByRole('button', { name: 'Stop watching this change' }).click()
  await expect(page.getByRole('button', { name: 'Watch this change' })).toBeVisible()

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Services' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Services' })).toBeVisible()
  const watchQueue = page.getByRole('button', { name: 'Watch Message Queue' })
  const stopQueue = page.getByRole('button', { name: 'Stop watching Message Queue' })
  // Idempotent from either state, so a re-run of this test starts clean.
  if (await stopQueue.isVisible()) {
    await stopQueue.click()
    await expect(watchQueue).toBeVisible()
  }
  await watchQueue.click()
  await expect(stopQueue).toBeVisible()
  await expect(page.getByText('You are watching Message Queue.')).toBeVisible()
})
