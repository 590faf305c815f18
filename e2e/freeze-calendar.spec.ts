import { expect, test, type Page } from '@playwright/test'
import { loginAs, signIn, signOut } from './fixtures'
import { answerRiskQuestionnaire } from './support/changes'
import { arrangeChange, arrangeFreezeRow, arrangeService, arrangeViewer, changeStatus, demoUserId, noticesFor } from './support/freezes'


const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

async function fillFreezeForm(page: Page, input: { name: string; start: string; end: string; zone: string; severity: 'HARD' | 'SOFT'; service: string }) {
  await page.getByLabel('Name', { exact: true }).fill(input.name)
  await page.getByLabel('Reason').fill('Quarter-end close: no changes to finance systems')
  await page.getByLabel('Starts').fill(input.start)
  await page.getByLabel('Ends').fill(input.end)
  await page.getByLabel('Time zone of these times').selectOption(input.zone)
  await page.getByLabel(new RegExp(`^${input.severity} —`)).check()
  await page.getByLabel('Only the services ticked below').check()
  await page.getByLabel(input.service).check()
}

test('admin declares a HARD freeze over a scheduled change: the preview lists it, saving moves it back to Approved with a notice', async ({ page }) => {
  const service = await arrangeService()
  const requesterId = await demoUserId('requester')
  // 2041-03-15 10:00–12:00 UTC; the freeze is 09:00–17:00 Europe/London (GMT in March before the switch).
  const change = await arrangeChange({ requesterId, serviceId: service.id, windowStart: new Date('2041-03-15T10:00:00Z'), windowEnd: new Date('2041-03-15T12:00:00Z'), status: 'SCHEDULED' })
  const name = `Close ${unique()}`

  await loginAs(page, 'admin')
  await page.goto('/admin/freezes')
  await page.getByRole('link', { name: 'Declare a freeze' }).click()
  await fillFreezeForm(page, { name, start: '2041-03-15T09:00', end: '2041-03-15T17:00', zone: 'Europe/London', severity: 'HARD', service: service.name })
  await page.getByRole('button', { name: 'Preview impact' }).click()
  const preview = page.getByRole('region', { name: 'Impact preview' })
  await expect(preview).toContainText('back to Approved')
  await expect(preview.getByRole('link', { name: `${change.number} ${change.title}` })).toBeVisible()
  // The preview keeps everything typed.
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name)
  await expect(page.getByLabel('Starts')).toHaveValue('2041-03-15T09:00')

  await page.getByRole('button', { name: 'Save freeze' }).click()
  await expect(page.getByRole('status')).toContainText(`Moved back to Approved (requesters notified): ${change.number}`)
  expect(await changeStatus(change.id)).toBe('APPROVED')
  const notices = await noticesFor(requesterId, change.id)
  expect(notices).toHaveLength(1)
  expect(notices[0]).toContain(name)

  await page.goto('/admin/freezes')
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Upcoming')
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('HARD')
  await signOut(page)

  // The requester sees the notice in the app, not only in the database.
  await loginAs(page, 'requester')
  await page.getByRole('link', { name: /^Notifications \(\d+ new\)$/ }).click()
  await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: name })).toContainText('New')
})

test('the freeze form refuses an end before the start, with the error next to the field and values kept', async ({ page }) => {
  const service = await arrangeService()
  await loginAs(page, 'admin')
  await page.goto('/admin/freezes/new')
  await fillFreezeForm(page, { name: `Bad ${unique()}`, start: '2041-05-02T09:00', end: '2041-05-01T09:00', zone: 'UTC', severity: 'SOFT', service: service.name })
  await page.getByRole('button', { name: 'Save freeze' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Some fields need attention.' })).toBeVisible()
  await expect(page.getByLabel('Ends')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText('The end must be after the start.')).toBeVisible()
  await expect(page.getByLabel('Starts')).toHaveValue('2041-05-02T09:00')
  await expect(page.getByLabel(/^SOFT —/)).toBeChecked()
})

test('a requester cannot open the freeze admin pages nor call their actions', async ({ page, browser }) => {
  // Capture a real server-action request as the admin…
  await loginAs(page, 'admin')
  const service = await arrangeService()
  await page.goto('/admin/freezes/new')
  // A complete, valid form, so the replay gets past validation and reaches the authorization check.
  await fillFreezeForm(page, { name: `Sneaky ${unique()}`, start: '2041-07-01T09:00', end: '2041-07-01T10:00', zone: 'UTC', severity: 'HARD', service: service.name })
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined)
  await page.getByRole('button', { name: 'Preview impact' }).click()
  const request = await posted
  // …then replay it as the requester.
  const context = await browser.newContext()
  const requesterPage = await context.newPage()
  await loginAs(requesterPage, 'requester')
  const response = await requesterPage.goto('/admin/freezes')
  expect(response?.status()).toBe(403)
  await expect(requesterPage.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible()
  expect((await requesterPage.goto('/admin/freezes/new'))?.status()).toBe(403)
  const replay = await requesterPage.request.post('/admin/freezes/new', {
    headers: { 'next-action': request.headers()['next-action'] ?? '', 'content-type': request.headers()['content-type'] ?? '' },
    data: request.postDataBuffer() ?? '',
  })
  expect(await replay.text()).toContain('Only an administrator can do this.')
  // The same replay as the admin works (so the refusal above is about the role, not the request).
  const asAdmin = await page.request.post('/admin/freezes/new', {
    headers: { 'next-action': request.headers()['next-action'] ?? '', 'content-type': request.headers()['content-type'] ?? '' },
    data: request.postDataBuffer() ?? '',
  })
  expect(await asAdmin.text()).toContain('"status":"preview"')
  await context.close()
})

test('the calendar shows a change and a freeze in the viewer’s time zone, named, across a DST change', async ({ page }) => {
  const service = await arrangeService()
  const viewer = await arrangeViewer('America/New_York')
  const adminId = await demoUserId('admin')
  // New York leaves daylight time on Sunday 2041-11-03. 14:00 UTC is 10:00 EDT before, 09:00 EST after.
  const freezeName = `Launch ${unique()}`
  await arrangeFreezeRow({ createdById: adminId, serviceId: service.id, name: freezeName, startsAt: new Date('2041-11-01T14:00:00Z'), endsAt: new Date('2041-11-01T18:00:00Z'), severity: 'SOFT' })
  const change = await arrangeChange({ requesterId: viewer.id, serviceId: service.id, windowStart: new Date('2041-11-05T14:00:00Z'), windowEnd: new Date('2041-11-05T16:00:00Z'), status: 'SCHEDULED' })

  await signIn(page, viewer.email, viewer.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await page.goto(`/calendar?service=${service.id}&date=2041-11-01&view=listMonth`)
  await expect(page.getByText('Times are shown in your time zone: America/New_York')).toBeVisible()
  const changeRow = page.getByRole('row', { name: new RegExp(`${change.number} ${change.title}`) })
  await expect(changeRow).toContainText('09:00')
  await expect(changeRow).toContainText('11:00')
  const freezeRow = page.getByRole('row', { name: new RegExp(`SOFT freeze: ${freezeName}`) })
  await expect(freezeRow).toContainText('10:00')
  await expect(freezeRow).toContainText('14:00')
  await changeRow.getByRole('link', { name: new RegExp(change.number) }).click()
  await expect(page).toHaveURL(new RegExp(`/changes/${change.id}$`))

  // Month view: the freeze is a labelled band, the change a link.
  await page.goto(`/calendar?service=${service.id}&date=2041-11-01`)
  await expect(page.getByText(`SOFT freeze: ${freezeName}`)).toBeVisible()
  await expect(page.getByRole('link', { name: new RegExp(change.number) })).toBeVisible()
})

test('a user creates and regenerates their ICS link; the old link stops working', async ({ page }) => {
  const viewer = await arrangeViewer('UTC')
  await signIn(page, viewer.email, viewer.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await page.goto('/calendar')
  await page.getByRole('button', { name: 'Create link' }).click()
  const url = page.getByLabel('Your calendar feed URL (all services)')
  await expect(url).toHaveValue(/\/api\/calendar\//)
  const first = await url.inputValue()
  const feed = await page.request.get(first)
  expect(feed.status()).toBe(200)
  expect(feed.headers()['content-type']).toContain('text/calendar')
  expect(await feed.text()).toContain('BEGIN:VCALENDAR')
  await page.getByRole('button', { name: 'Regenerate link' }).click()
  await expect(page.getByRole('status')).toContainText('the previous one no longer works')
  await expect(url).not.toHaveValue(first)
  expect((await page.request.get(first)).status()).toBe(404)
})

test('a HARD freeze declared in the UI blocks scheduling an approved change inside it, naming the freeze and overlap; moved outside, it schedules', async ({ page }) => {
  const service = await arrangeService()
  const change = await arrangeChange({ requesterId: await demoUserId('requester'), serviceId: service.id, windowStart: new Date('2041-06-10T10:00:00Z'), windowEnd: new Date('2041-06-10T12:00:00Z'), status: 'APPROVED' })
  const name = `Launch freeze ${unique()}`
  await loginAs(page, 'admin')
  await page.goto('/admin/freezes/new')
  await fillFreezeForm(page, { name, start: '2041-06-10T11:00', end: '2041-06-11T00:00', zone: 'UTC', severity: 'HARD', service: service.name })
  await page.getByRole('button', { name: 'Save freeze' }).click()
  await expect(page.getByRole('status')).toContainText(`Freeze "${name}" saved.`)
  await signOut(page)

  await loginAs(page, 'manager')
  await page.goto(`/changes/${change.id}`)
  const checklist = page.getByRole('list', { name: 'Scheduling checklist' })
  await expect(checklist).toContainText(name)
  await expect(checklist).toContainText('2041-06-10 11:00 – 2041-06-10 12:00 (UTC, GMT)')
  await expect(page.getByRole('button', { name: 'Schedule' })).toBeDisabled()
  await expect(page.getByRole('region', { name: 'Freezes and conflicts' })).toContainText(`Blocked: HARD freeze “${name}”`)

  // The manager moves the window out of the freeze in the form: a material edit,
  // so revision 2 goes back to the service owner for a new written sign-off.
  await page.getByRole('link', { name: 'Edit change' }).click()
  await page.getByLabel(/^Window start/).fill('2041-06-09T10:00')
  await page.getByLabel(/^Window end/).fill('2041-06-09T12:00')
  // Arranged without answers, whose absence counts as risky: answered, the risk is low and the owner signs alone.
  await answerRiskQuestionnaire(page, 'benign')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.locator('article header')).toContainText('Revision 2')
  await expect(page.getByRole('button', { name: 'Schedule' })).toBeDisabled()
  await signOut(page)

  await loginAs(page, 'approver')
  await page.goto(`/changes/${change.id}`)
  await page.getByRole('radio', { name: 'Approve' }).check()
  await page.getByLabel('Statement').fill('The new window is clear of the launch freeze and the plan is unchanged.')
  await page.getByLabel('Type your full name to sign').fill('Avery Approver')
  await page.getByRole('button', { name: 'Sign off revision 2' }).click()
  await expect(page.getByText('Approved', { exact: true }).first()).toBeVisible()
  await signOut(page)

  await loginAs(page, 'manager')
  await page.goto(`/changes/${change.id}`)
  await expect(page.getByRole('list', { name: 'Scheduling checklist' })).not.toContainText(name)
  await page.getByRole('button', { name: 'Schedule' }).click()
  await expect(page.getByText('This change is scheduled')).toBeVisible()
  expect(await changeStatus(change.id)).toBe('SCHEDULED')
})

test('a SOFT freeze: a change manager grants a written exception, then the change schedules', async ({ page }) => {
  const service = await arrangeService()
  const change = await arrangeChange({ requesterId: await demoUserId('requester'), serviceId: service.id, windowStart: new Date('2041-08-10T10:00:00Z'), windowEnd: new Date('2041-08-10T12:00:00Z'), status: 'APPROVED' })
  const name = `Peak season ${unique()}`
  await arrangeFreezeRow({ createdById: await demoUserId('admin'), serviceId: service.id, name, startsAt: new Date('2041-08-01T00:00:00Z'), endsAt: new Date('2041-09-01T00:00:00Z'), severity: 'SOFT' })

  await loginAs(page, 'manager')
  await page.goto(`/changes/${change.id}`)
  await expect(page.getByRole('button', { name: 'Schedule' })).toBeDisabled()
  const section = page.getByRole('region', { name: 'Freezes and conflicts' })
  await section.getByLabel('Freeze').selectOption({ label: `SOFT freeze: ${name}` })
  await section.getByLabel('Justification').fill('ok')
  await section.getByRole('button', { name: 'Grant exception' }).click()
  // The message is shown next to the field and in the form's summary of problems.
  await expect(section.getByText('Write at least a sentence').first()).toBeVisible()
  await expect(section.getByLabel('Justification')).toHaveValue('ok')
  await section.getByLabel('Justification').fill('Certificate renewal must happen before expiry on 12 August.')
  await section.getByRole('button', { name: 'Grant exception' }).click()
  await expect(section).toContainText(`Allowed by exception: SOFT freeze “${name}”`)
  await expect(section).toContainText('Certificate renewal must happen before expiry')
  await page.getByRole('button', { name: 'Schedule' }).click()
  await expect(page.getByText('This change is scheduled')).toBeVisible()
})
