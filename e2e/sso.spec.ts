import { expect, test, type Page } from '@playwright/test'
import { createUser } from '../tests/factories'
import { e2eDb } from './support/db'
import { OIDC_ACCOUNTS, oidcIssuerPort, type OidcTestAccount } from './support/oidc-accounts'

/**
 * Single sign-on through a real OpenID Connect issuer (oidc-provider, started
 * by playwright.config.ts beside the app): discovery, the code flow with PKCE
 * (the issuer refuses a request without it), an RS256-signed ID token, userinfo.
 * The people are fixed (support/oidc-accounts.ts); each test first puts the
 * matching Changeboard user, if any, in the state it needs, since the e2e
 * database outlives a run when Playwright is started directly.
 */
const issuer = `http://localhost:${oidcIssuerPort(Number(process.env.E2E_PORT ?? 3100))}`
const NOT_LINKED = 'Your single sign-on account is not linked to an active Changeboard user. Ask an administrator.'

/** A Changeboard user with the account's e-mail, not linked to any subject yet; its name differs from the issuer's. */
async function boardUser(account: OidcTestAccount, { active }: { active: boolean }): Promise<{ id: string; name: string }> {
  const db = e2eDb()
  const name = `${account.name} (board)`
  const existing = await db.user.findUnique({ where: { email: account.email }, select: { id: true } })
  if (existing) return db.user.update({ where: { id: existing.id }, data: { name, active, oidcSubject: null }, select: { id: true, name: true } })
  return createUser({ roles: ['REQUESTER'], email: account.email, name, active }, db)
}

/** Clicks the SSO button, then signs in on the issuer's own login and consent pages (any password). */
async function signInWithSso(page: Page, account: OidcTestAccount): Promise<void> {
  await page.goto('/sign-in')
  await page.getByRole('button', { name: 'Sign in with Single sign-on' }).click()
  await expect(page).toHaveURL(new RegExp(`^${issuer}/interaction/`))
  // oidc-provider's development login page has placeholders but no labels.
  await page.getByPlaceholder('Enter any login').fill(account.login)
  await page.getByPlaceholder('and password').fill('whatever-the-issuer-accepts')
  await page.getByRole('button', { name: 'Sign-in' }).click()
  await page.getByRole('button', { name: 'Continue' }).click()
}

async function expectRefused(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/sign-in\?.*error=AccessDenied/)
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(NOT_LINKED)
  // No session was made: the board still sends the visitor to sign in.
  await page.goto('/')
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/)
}

test.describe('single sign-on through a real OpenID Connect issuer', () => {
  test('an active user whose verified e-mail matches gets in as that user, linked to the subject', async ({ page }) => {
    const account = OIDC_ACCOUNTS.verified
    const user = await boardUser(account, { active: true })
    await signInWithSso(page, account)
    await expect(page).toHaveURL(/\/$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
    await expect(page.getByRole('banner')).toContainText(user.name)
    const linked = await e2eDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { oidcSubject: true } })
    expect(linked.oidcSubject).toBe(account.sub)
    const audit = await e2eDb().auditEvent.count({ where: { entityId: user.id, action: 'user.sso-linked' } })
    expect(audit).toBeGreaterThanOrEqual(1)
  })

  test('an identity whose e-mail the provider has not verified is refused, and nothing is linked', async ({ page }) => {
    const account = OIDC_ACCOUNTS.unverified
    const user = await boardUser(account, { active: true })
    await signInWithSso(page, account)
    await expectRefused(page)
    expect((await e2eDb().user.findUniqueOrThrow({ where: { id: user.id } })).oidcSubject).toBeNull()
  })

  test('a deactivated user is refused, before and after their identity was linked', async ({ page }) => {
    const account = OIDC_ACCOUNTS.deactivated
    const user = await boardUser(account, { active: false })
    await signInWithSso(page, account)
    await expectRefused(page)
    expect((await e2eDb().user.findUniqueOrThrow({ where: { id: user.id } })).oidcSubject).toBeNull()

    // Linked earlier, deactivated since: the subject no longer gets in either.
    await e2eDb().user.update({ where: { id: user.id }, data: { oidcSubject: account.sub } })
    await page.context().clearCookies()
    await signInWithSso(page, account)
    await expectRefused(page)
  })

  test('an unknown person is refused with a clear message and no account is created', async ({ page }) => {
    const account = OIDC_ACCOUNTS.unknown
    const matching = { OR: [{ email: account.email }, { oidcSubject: account.sub }] }
    expect(await e2eDb().user.count({ where: matching })).toBe(0)
    await signInWithSso(page, account)
    await expectRefused(page)
    expect(await e2eDb().user.count({ where: matching })).toBe(0)
  })
})
