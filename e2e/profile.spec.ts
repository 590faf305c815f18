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

test('a user turns optional e-mails off and the digest on; mandatory ones stay fixed and say so', async ({ page }) => {
  const user = await createUser({ roles: ['APPROVER'], timeZone: 'UTC' }, e2eDb())
  await signIn(page, user.email, user.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await page.goto('/profile')
  const form = page.getByRole('form', { name: 'E-mail notifications' })
  const signOffRequested = form.getByRole('checkbox', { name: 'Sign-off requested', exact: true })
  await expect(signOffRequested).toBeChecked()
  await expect(signOffRequested).toBeDisabled()
  await expect(form.getByRole('listitem').filter({ hasText: 'Sign-off requested' })).toContainText('Always sent')
  await expect(form.getByRole('listitem').filter({ hasText: 'Sign-off requested' })).toContainText('To each required approver.')

  await form.getByRole('checkbox', { name: 'Comment', exact: true }).uncheck()
  await form.getByRole('checkbox', { name: 'Daily digest', exact: true }).check()
  await form.getByRole('button', { name: 'Save e-mail notifications' }).click()
  await expect(form.getByRole('status')).toContainText('E-mail notifications saved.')

  await page.reload()
  await expect(form.getByRole('checkbox', { name: 'Comment', exact: true })).not.toBeChecked()
  await expect(form.getByRole('checkbox', { name: 'Scheduled', exact: true })).toBeChecked()
  await expect(form.getByRole('checkbox', { name: 'Daily digest', exact: true })).toBeChecked()
  const saved = await e2eDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { mailDigest: true, mailPreferences: { select: { kind: true, email: true } } } })
  expect(saved).toEqual({ mailDigest: true, mailPreferences: [{ kind: 'comment', email: false }] })
})
