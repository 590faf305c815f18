import { expect, test } from '@playwright/test'
import { createUser } from '../tests/factories/user'
import { signIn } from './fixtures'
import { e2eDb } from './support/db'

test('a user chooses their own time zone, and the app shows times in it', async ({ page }) => {
  const user = await createUser({ roles: ['REQUESTER'], timeZone: 'UTC' }, e2eDb())
  await signIn(page, user.email, user.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()

  await page.getByRole('link', { name: user.name }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible()
  await expect(page.getByLabel('Time zone')).toHaveValue('UTC')
  await page.getByLabel('Time zone').selectOption('America/New_York')
  await page.getByRole('button', { name: 'Save time zone' }).click()
  await expect(page.getByRole('status')).toContainText('Times are now shown in America/New_York.')

  await page.goto('/calendar')
  await expect(page.getByText('Times are shown in your time zone: America/New_York')).toBeVisible()
  await page.goto('/changes/new')
  await expect(page.getByRole('group', { name: 'Window (times in America/New_York)' })).toBeVisible()
})
