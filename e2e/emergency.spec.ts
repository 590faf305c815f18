import { expect, test } from '@playwright/test'
import { createChange } from '../tests/factories/change-requests'
import { loginAs } from './fixtures'
import { e2eDb } from './support/db'
import { arrangeFreezeRow, arrangeService, demoUserId } from './support/freezes'

// The emergency path (issue 13): the overdue retrospective review on the change
// managers' dashboard, and an emergency justified into a SOFT freeze.

const HOUR = 3_600_000
const DAY = 24 * HOUR
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

test('a change manager sees an emergency change overdue for its review on the dashboard, follows the link, and closes it only with a written retrospective', async ({ page }) => {
  const service = await arrangeService()
  const title = `Emergency restart ${unique()}`
  // Ended a month ago (older than the demo's overdue one), so it heads the dashboard's list.
  const end = new Date(Date.now() - 30 * DAY)
  const change = await createChange(e2eDb(), {
    requesterId: await demoUserId('requester'),
    serviceIds: [service.id],
    status: 'COMPLETED',
    type: 'EMERGENCY',
    title,
    windowStart: new Date(end.getTime() - HOUR),
    windowEnd: end,
    timeline: { startedAt: new Date(end.getTime() - HOUR), finishedAt: end },
  })

  await loginAs(page, 'manager')
  const section = page.getByRole('region', { name: 'Emergency reviews overdue' })
  await expect(section).toContainText(/\d+ emergency changes? (is|are) overdue for the retrospective review \(due 3 days after the work ended\)/)
  await expect(section).toContainText('Emergency share of the changes submitted in the last 30 days:')
  await section.getByRole('link', { name: `${change.displayNumber}: ${title}` }).click()
  await expect(page).toHaveURL(new RegExp(`/changes/${change.id}$`))
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title)

  // "Done." is not a retrospective: refused with the reason, the notes kept.
  await page.getByLabel('Review notes').fill('Done.')
  await page.getByRole('button', { name: 'Record review and close' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'retrospective review' })).toBeVisible()
  await expect(page.getByLabel('Review notes')).toHaveValue('Done.')
  await page.getByLabel('Review notes').fill('A real outage: the consumers hung on a poisoned message. Follow-up: dead-letter it.')
  await expect(page.getByLabel('Review notes')).toHaveValue(/^A real outage/)
  await page.getByRole('button', { name: 'Record review and close' }).click()
  await expect(page.getByRole('listitem').filter({ hasText: 'Post-implementation review' })).toContainText('A real outage: the consumers hung on a poisoned message.')
  await expect(page.getByRole('main').getByText('Closed', { exact: true })).toBeVisible()

  await page.goto('/')
  await expect(page.getByRole('region', { name: 'Emergency reviews overdue' }).getByRole('link', { name: `${change.displayNumber}: ${title}` })).toHaveCount(0)
})

test('a requester justifies an emergency change inside a SOFT freeze, and the gate’s freeze check passes', async ({ page }) => {
  const service = await arrangeService()
  const start = new Date('2042-02-10T10:00:00Z')
  const end = new Date('2042-02-10T12:00:00Z')
  const freezeName = `Trading close ${unique()}`
  await arrangeFreezeRow({ createdById: await demoUserId('admin'), serviceId: service.id, name: freezeName, startsAt: new Date('2042-02-09T00:00:00Z'), endsAt: new Date('2042-02-12T00:00:00Z'), severity: 'SOFT' })
  const change = await createChange(e2eDb(), {
    requesterId: await demoUserId('requester'),
    serviceIds: [service.id],
    status: 'APPROVED',
    type: 'EMERGENCY',
    title: `Emergency certificate ${unique()}`,
    windowStart: start,
    windowEnd: end,
  })

  await loginAs(page, 'requester')
  await page.goto(`/changes/${change.id}`)
  const checklist = page.getByRole('list', { name: 'Scheduling checklist' })
  const freezeItem = checklist.getByRole('listitem').filter({ hasText: 'No freeze blocks the window' })
  await expect(freezeItem).toContainText('Not met:')
  await expect(freezeItem).toContainText(freezeName)

  const freezes = page.getByRole('region', { name: 'Freezes and conflicts' })
  await expect(freezes.getByRole('heading', { name: 'Justify this emergency in a SOFT freeze' })).toBeVisible()
  // Too short: a field error, what was typed kept.
  await freezes.getByLabel('Justification').fill('Urgent, sorry.')
  await freezes.getByRole('button', { name: 'Record justification' }).click()
  await expect(freezes.getByLabel('Justification')).toHaveAttribute('aria-invalid', 'true')
  await expect(freezes.getByText(/^Explain why this emergency cannot wait for the freeze to end: at least 40 characters and 6 words\.$/)).toBeVisible()
  await expect(freezes.getByLabel('Justification')).toHaveValue('Urgent, sorry.')

  const why = 'Card payments fail for every customer since the certificate expired; this cannot wait for the close.'
  await freezes.getByLabel('Justification').fill(why)
  await expect(freezes.getByLabel('Justification')).toHaveValue(why)
  await freezes.getByRole('button', { name: 'Record justification' }).click()
  // Recorded: the form gives way to the exception, and the gate's freeze check passes.
  await expect(freezeItem).toContainText('Passed:')
  await expect(freezes).toContainText(`Allowed by exception: SOFT freeze “${freezeName}”`)
  await expect(freezes).toContainText(`justified for the emergency by its requester Rita Requester for revision 1`)
  await expect(freezes).toContainText(why)
})
