import { expect, test } from '@playwright/test'
import { DEMO, loginAs, signIn, signOut, type DemoUserKey } from './fixtures'

const SECTIONS = ['My changes', 'Awaiting my sign-off', 'Change board', 'Administration'] as const

const HOME: Record<DemoUserKey, readonly (typeof SECTIONS)[number][]> = {
  requester: ['My changes'],
  approver: ['Awaiting my sign-off'],
  approver2: ['Awaiting my sign-off'],
  manager: ['My changes', 'Awaiting my sign-off', 'Change board'],
  manager2: ['My changes', 'Awaiting my sign-off', 'Change board'],
  admin: ['Administration'],
  cab1: ['Awaiting my sign-off'],
  cab2: ['Awaiting my sign-off'],
}

test.describe('sign-in', () => {
  for (const [key, sections] of Object.entries(HOME) as [DemoUserKey, readonly string[]][]) {
    test(`${DEMO[key].name} signs in and sees their home page`, async ({ page }) => {
      await loginAs(page, key)
      await expect(page).toHaveURL(/\/$/)
      for (const section of SECTIONS) {
        const heading = page.getByRole('heading', { level: 2, name: section })
        if (sections.includes(section)) await expect(heading).toBeVisible()
        else await expect(heading).toHaveCount(0)
      }
      const adminNav = page.getByRole('navigation', { name: 'Admin' })
      if (key === 'admin') await expect(adminNav.getByRole('link', { name: 'Users' })).toBeVisible()
      else await expect(adminNav).toHaveCount(0)
    })
  }

  test('a wrong password shows a generic error and keeps the visitor on the sign-in page', async ({ page }) => {
    await signIn(page, DEMO.approver2.email, 'not-the-password')
    // Scoped to main: Next's route announcer is also role=alert.
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Email or password is incorrect.')
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
    await expect(page.getByLabel('Password')).toHaveValue('')
    // Signing in correctly afterwards works (and clears the failure count for the next runs).
    await page.getByLabel('Password').fill(DEMO.approver2.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  })

  test('a signed-out visitor is sent to sign-in and comes back to the page they asked for', async ({ page }) => {
    await page.goto('/admin/services')
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin%2Fservices$/)
    await page.getByLabel('Email').fill(DEMO.admin.email)
    await page.getByLabel('Password').fill(DEMO.admin.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Services' })).toBeVisible()
    await expect(page.getByRole('cell', { name: 'Payments API' })).toBeVisible()
  })

  test('a crafted callbackUrl cannot send the visitor to another site after sign-in', async ({ page, baseURL }) => {
    const appOrigin = new URL(baseURL ?? '').origin
    // %09 decodes to a tab; browsers strip it, so "/\t/evil.example" would become //evil.example.
    await signIn(page, DEMO.manager.email, DEMO.manager.password, '/sign-in?callbackUrl=/%09/evil.example')
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
    expect(new URL(page.url()).origin).toBe(appOrigin)
    // Signed in, the sign-in page redirects straight away: that path is checked the same way.
    for (const hostile of ['/%09/evil.example', '//evil.example', '/%5Cevil.example', 'https://evil.example/']) {
      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(decodeURIComponent(hostile))}`)
      await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
      expect(new URL(page.url()).origin).toBe(appOrigin)
    }
  })
})

test.describe('roles', () => {
  test('a requester opening the admin pages gets a 403 page', async ({ page }) => {
    await loginAs(page, 'requester')
    for (const path of ['/admin/users', '/admin/services']) {
      const response = await page.goto(path)
      expect(response?.status()).toBe(403)
      await expect(page.getByRole('heading', { level: 1, name: 'You do not have access to this page' })).toBeVisible()
    }
  })

  test('an administrator creates a user who can then sign in', async ({ page }) => {
    const email = `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.test`
    const password = 'e2e-initial-password'
    await loginAs(page, 'admin')
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible()

    const form = page.getByRole('region', { name: 'Create a user' })
    await form.getByLabel('Full name').fill('Eve Example')
    await form.getByLabel('E-mail').fill(email)
    await form.getByLabel('Initial password').fill('too-short')
    await form.getByRole('checkbox', { name: 'Approver' }).check()
    await form.getByLabel('Time zone').selectOption('Europe/Paris')
    await form.getByRole('button', { name: 'Create user' }).click()

    // A failed save explains each field and keeps what was typed (except the password).
    await expect(form.getByText('Use at least 12 characters.')).toBeVisible()
    await expect(form.getByLabel('Full name')).toHaveValue('Eve Example')
    await expect(form.getByLabel('E-mail')).toHaveValue(email)
    await expect(form.getByRole('checkbox', { name: 'Approver' })).toBeChecked()
    await expect(form.getByLabel('Time zone')).toHaveValue('Europe/Paris')
    await expect(form.getByLabel('Initial password')).toHaveValue('')

    await form.getByLabel('Initial password').fill(password)
    await form.getByRole('button', { name: 'Create user' }).click()
    await expect(form.getByRole('status')).toContainText(`Eve Example can now sign in as ${email}.`)
    await expect(page.getByRole('cell', { name: email })).toBeVisible()

    await signOut(page)
    await signIn(page, email, password)
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
    await expect(page.getByRole('banner')).toContainText('Eve Example')
    await expect(page.getByRole('heading', { level: 2, name: 'Awaiting my sign-off' })).toBeVisible()
  })
})
