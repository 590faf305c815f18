import { expect, request as playwrightRequest, test } from '@playwright/test'
import { createService, createUser } from '../tests/factories'
import { loginAs, signIn } from './fixtures'
import { e2eDb } from './support/db'

// API tokens made on the profile page, and the REST API with the browser's
// session (the integration tests cover every route with tokens).

test('a person creates an API token on their profile, sees it once, uses it, and revokes it', async ({ page, baseURL }) => {
  const user = await createUser({ roles: ['REQUESTER'] }, e2eDb())
  await signIn(page, user.email, user.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await page.goto('/profile')
  const tokens = page.getByRole('region', { name: 'API tokens' })

  // A field error keeps what was typed.
  await tokens.getByLabel('Token name').fill('deploy pipeline')
  await tokens.getByLabel('Expires in (days)').fill('400')
  await tokens.getByRole('button', { name: 'Create token' }).click()
  await expect(tokens.getByText('A token may last at most 365 days.')).toBeVisible()
  await expect(tokens.getByLabel('Token name')).toHaveValue('deploy pipeline')

  await tokens.getByLabel('Expires in (days)').fill('30')
  await tokens.getByRole('radio', { name: /^Write/ }).check()
  await tokens.getByRole('button', { name: 'Create token' }).click()
  const shown = tokens.getByLabel('Your new token — copy it now, it will not be shown again')
  await expect(shown).toHaveValue(/^cb_[A-Za-z0-9_-]{43}$/)
  const token = await shown.inputValue()
  await expect(tokens.getByRole('row', { name: /deploy pipeline/ })).toContainText(token.slice(0, 9))
  await expect(tokens.getByRole('row', { name: /deploy pipeline/ })).toContainText('Never')

  // No cookies here: the token alone.
  const api = await playwrightRequest.newContext({ baseURL })
  const listed = await api.get('/api/v1/changes', { headers: { authorization: `Bearer ${token}` } })
  expect(listed.status()).toBe(200)
  const created = await api.post('/api/v1/changes', { headers: { authorization: `Bearer ${token}` }, data: { title: 'Filed with a token' } })
  expect(created.status()).toBe(201)

  await page.reload()
  await expect(tokens.getByLabel('Your new token — copy it now, it will not be shown again')).toHaveCount(0)
  await expect(tokens.getByRole('row', { name: /deploy pipeline/ })).not.toContainText('Never')
  await tokens.getByRole('button', { name: 'Revoke deploy pipeline' }).click()
  await expect(tokens.getByRole('row', { name: /deploy pipeline/ })).toContainText('Revoked')
  const refused = await api.get('/api/v1/changes', { headers: { authorization: `Bearer ${token}` } })
  expect(refused.status()).toBe(401)
  expect(await refused.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'This API token has been revoked.' } })
  await api.dispose()
})

test('the REST API works with the browser session, and its writes must come from the app’s pages', async ({ page }) => {
  const user = await createUser({ roles: ['REQUESTER'] }, e2eDb())
  const owner = await createUser({ roles: ['APPROVER'] }, e2eDb())
  const service = await createService({ ownerId: owner.id }, e2eDb())
  await signIn(page, user.email, user.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  const origin = { origin: new URL(page.url()).origin }

  for (const path of ['/api/v1/changes', '/api/v1/freezes', '/api/v1/services']) {
    expect((await page.request.get(path)).status(), path).toBe(200)
  }

  const start = new Date(Date.now() + 7 * 86_400_000)
  start.setUTCSeconds(0, 0)
  const created = await page.request.post('/api/v1/changes', {
    headers: origin,
    data: {
      title: 'Filed with the session',
      purpose: 'Apply the vendor security patch to the gateway.',
      currentState: 'The gateway runs the unpatched release.',
      futureState: 'The gateway runs the patched release.',
      implementationPlan: 'Drain one node at a time and apply the patch.',
      rollbackPlan: 'Reinstall the previous release from the package cache.',
      monitoringPlan: 'Watch the error rate and latency dashboards.',
      testEvidence: 'Staging ran the patched release for a week.',
      communicationPlan: 'Announce the window on the status page.',
      impactDescription: 'No downtime expected; one node at a time.',
      serviceIds: [service.id],
      windowStart: start.toISOString(),
      windowEnd: new Date(start.getTime() + 3_600_000).toISOString(),
    },
  })
  expect(created.status()).toBe(201)
  const change = ((await created.json()) as { change: { id: string; version: number } }).change
  expect((await page.request.get(`/api/v1/changes/${change.id}`)).status()).toBe(200)
  expect((await page.request.get(`/api/v1/changes/${change.id}/schedule`)).status()).toBe(200)

  const patched = await page.request.patch(`/api/v1/changes/${change.id}`, { headers: { ...origin, 'if-match': String(change.version) }, data: { title: 'Renamed with the session' } })
  expect(patched.status()).toBe(200)
  const stale = await page.request.patch(`/api/v1/changes/${change.id}`, { headers: { ...origin, 'if-match': String(change.version) }, data: { title: 'Lost' } })
  expect(stale.status()).toBe(412)

  const submitted = await page.request.post(`/api/v1/changes/${change.id}/submit`, { headers: origin })
  expect(submitted.status(), await submitted.text()).toBe(200)
  expect(((await submitted.json()) as { change: { status: string } }).change.status).toBe('SUBMITTED')

  // The session is a cookie: a write from another site is refused before anything is read.
  const forged = await page.request.post(`/api/v1/changes/${change.id}/cancel`, { headers: { origin: 'https://evil.example' }, data: { reason: 'x' } })
  expect(forged.status()).toBe(403)
  const cancelled = await page.request.post(`/api/v1/changes/${change.id}/cancel`, { headers: origin, data: { reason: 'Not needed after all.' } })
  expect(cancelled.status()).toBe(200)
})

test('an administrator creates a service account and a token for it; the token acts with the account’s role', async ({ page, baseURL }) => {
  await loginAs(page, 'admin')
  await page.goto('/admin/users')
  const section = page.getByRole('region', { name: 'Service accounts' })
  await section.getByText('New service account').click()
  const name = `Deploy bot ${Date.now()}`
  await section.getByLabel('Service account name').fill(name)
  await section.getByRole('checkbox', { name: 'Requester' }).check()
  await section.getByRole('button', { name: 'Create service account' }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(page.getByText('Service account: acts only through API tokens and never signs in.')).toBeVisible()

  const tokens = page.getByRole('region', { name: 'API tokens' })
  await tokens.getByLabel('Token name').fill('ci')
  await tokens.getByRole('radio', { name: /^Write/ }).check()
  await tokens.getByRole('button', { name: 'Create token' }).click()
  const token = await tokens.getByLabel('Your new token — copy it now, it will not be shown again').inputValue()
  expect(token).toMatch(/^cb_/)

  const api = await playwrightRequest.newContext({ baseURL })
  const created = await api.post('/api/v1/changes', { headers: { authorization: `Bearer ${token}` }, data: { title: 'Raised by the pipeline' } })
  expect(created.status()).toBe(201)
  expect(((await created.json()) as { change: { requester: { name: string } } }).change.requester.name).toBe(name)
  await api.dispose()
})
