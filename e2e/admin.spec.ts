import { expect, test } from '@playwright/test'
import { loginAs, signIn, signOut } from './fixtures'

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

test('an administrator adds a service, sees field errors for a duplicate name, then edits it', async ({ page }) => {
  const name = `Billing Engine ${unique()}`
  await loginAs(page, 'admin')
  await page.goto('/admin/services')
  const form = page.getByRole('region', { name: 'Add a service' })

  await form.getByLabel('Name').fill('Payments API')
  await form.getByLabel('Description').fill('Invoices')
  await form.getByLabel('Criticality').selectOption('HIGH')
  await form.getByLabel('Owner').selectOption({ label: 'Blake Approver' })
  await form.getByRole('button', { name: 'Add service' }).click()
  await expect(form.getByText('A service with this name already exists.').last()).toBeVisible()
  await expect(form.getByLabel('Description')).toHaveValue('Invoices')
  await expect(form.getByLabel('Criticality')).toHaveValue('HIGH')

  await form.getByLabel('Name').fill(name)
  await form.getByRole('button', { name: 'Add service' }).click()
  await expect(form.getByRole('status')).toHaveText(`Service ${name} created.`)

  await page.getByRole('link', { name }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await page.getByLabel('Owner').selectOption({ label: 'Morgan Manager' })
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status')).toHaveText('Saved.')
  await page.goto('/admin/services')
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Morgan Manager')
})

test('an administrator changes a user’s roles and deactivates them; the user can no longer sign in', async ({ page }) => {
  const email = `deact-${unique()}@example.test`
  const password = 'e2e-initial-password'
  await loginAs(page, 'admin')
  await page.goto('/admin/users')
  const form = page.getByRole('region', { name: 'Create a user' })
  await form.getByLabel('Full name').fill('Dee Activated')
  await form.getByLabel('E-mail').fill(email)
  await form.getByLabel('Initial password').fill(password)
  await form.getByRole('checkbox', { name: 'Requester' }).check()
  await form.getByRole('button', { name: 'Create user' }).click()
  await expect(form.getByRole('status')).toBeVisible()

  await page.getByRole('row', { name: new RegExp(email) }).getByRole('link', { name: 'Dee Activated' }).click()
  await page.getByRole('checkbox', { name: 'Change manager' }).check()
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status')).toHaveText('Saved.')
  await page.getByRole('button', { name: 'Deactivate user' }).click()
  await expect(page.getByRole('button', { name: 'Reactivate user' })).toBeVisible()

  await signOut(page)
  await signIn(page, email, password)
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Email or password is incorrect.')
})
