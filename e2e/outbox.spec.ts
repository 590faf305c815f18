import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { formatChangeNumber } from '../lib/domain/change-request/number'
import { createService } from '../tests/factories'
import { createUser } from '../tests/factories/user'
import { loginAs, signIn, signOut } from './fixtures'
import { e2eDb } from './support/db'
import { fileStandardChange, unique } from './support/changes'

// Issue 11, item 2: with SMTP_URL unset (as here) every e-mail is kept in the
// local outbox exactly as it would be sent. An approver's sign-off request
// shows up in /admin/outbox for the administrator, and its deep link opens the
// change for that approver.

test('a sign-off request appears in the outbox exactly as sent, and its link opens the change for the approver', async ({ page }) => {
  const suffix = unique()
  const olive = await createUser({ roles: ['APPROVER'], name: `Olive Approver ${suffix}` }, e2eDb())
  const service = await createService({ ownerId: olive.id, name: `Status Page ${suffix}` }, e2eDb())
  const title = `Renew the status page certificate ${suffix}`

  // Rita files the change; Olive owns its only service, so she must sign it off.
  await loginAs(page, 'requester')
  const { id: changeId } = await fileStandardChange(page, title, [service.name])
  const { number } = await e2eDb().changeRequest.findUniqueOrThrow({ where: { id: changeId }, select: { number: true } })
  const changeNumber = formatChangeNumber(number)
  await signOut(page)

  // The administrator finds it in the outbox.
  await loginAs(page, 'admin')
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Outbox' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible()
  await expect(page.getByText('When SMTP_URL is unset, messages are not sent but kept here')).toBeVisible()
  const message = page.getByRole('listitem').filter({ hasText: olive.email }).filter({ hasText: changeNumber })
  await expect(message).toHaveCount(1)
  await expect(message).toContainText(`[Changeboard] ${changeNumber} Sign-off requested: ${title}`)
  await expect(message).toContainText(`To ${olive.name} <${olive.email}>`)
  // Status in words: kept locally once the job ran (no SMTP server here), queued until then.
  await expect(message.getByText(/^(Kept locally|Queued)$/)).toBeVisible()

  await message.getByText('Show the message as sent').click()
  const plainText = message.getByRole('definition').filter({ hasText: 'Open it in Changeboard:' }).locator('pre')
  await expect(plainText).toContainText(`${changeNumber}: ${title}`)
  await expect(plainText).toContainText(`/changes/${changeId}`)
  // The HTML part is shown as its source, never rendered.
  await expect(message.locator('pre').filter({ hasText: '<a href=' })).toContainText(`/changes/${changeId}`)
  await expect(message.getByRole('link', { name: 'Open it in Changeboard' })).toHaveCount(0)
  const axe = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])

  const link = /Open it in Changeboard: (\S+)/.exec((await plainText.textContent()) ?? '')?.[1] ?? ''
  expect(link).toMatch(new RegExp(`/changes/${changeId}$`))
  await signOut(page)

  // Olive follows the link from the e-mail and can sign off.
  await signIn(page, olive.email, olive.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await page.goto(link)
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByRole('group', { name: 'Decision' })).toBeVisible()
  await expect(page.getByLabel('Type your full name to sign')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Sign off revision 1' })).toBeVisible()
})

test('an administrator retries a failed delivery; others may not open the outbox', async ({ page }) => {
  const suffix = unique()
  const recipient = await createUser({ roles: ['APPROVER'], name: `Fay Failed ${suffix}` }, e2eDb())
  const subject = `[Changeboard] Undeliverable test ${suffix}`
  const failed = await e2eDb().mailMessage.create({
    data: {
      kind: 'comment',
      recipientId: recipient.id,
      toAddress: recipient.email,
      subject,
      text: 'Someone commented.',
      html: '<p>Someone commented.</p>',
      status: 'FAILED',
      attempts: 7,
      lastError: 'connect ECONNREFUSED 10.0.0.25:587',
    },
  })

  await loginAs(page, 'admin')
  await page.goto('/admin/outbox')
  await page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: 'Failed', exact: true }).click()
  await expect(page).toHaveURL(/status=FAILED/)
  const message = page.getByRole('listitem').filter({ hasText: subject })
  await expect(message.getByText('Failed', { exact: true })).toBeVisible()
  await expect(message).toContainText('7 attempts')
  await expect(message).toContainText('Last error: connect ECONNREFUSED 10.0.0.25:587')
  await message.getByRole('button', { name: `Retry delivery of “${subject}”` }).click()
  await expect(page.getByRole('status')).toContainText('Queued for delivery again.')
  await expect(page).toHaveURL(/status=FAILED&retried=/)
  // The job delivers it to the local outbox (no SMTP server here): it leaves the Failed list.
  await expect
    .poll(async () => (await e2eDb().mailMessage.findUniqueOrThrow({ where: { id: failed.id }, select: { status: true } })).status, { timeout: 60_000 })
    .toBe('STORED')
  await page.reload()
  await expect(page.getByRole('listitem').filter({ hasText: subject })).toHaveCount(0)
  await signOut(page)

  await loginAs(page, 'manager')
  await expect(page.getByRole('navigation', { name: 'Admin' })).toHaveCount(0)
  const response = await page.goto('/admin/outbox')
  expect(response?.status()).toBe(403)
})
