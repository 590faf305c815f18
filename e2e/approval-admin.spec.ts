import { expect, test, type Page } from '@playwright/test'
import { loginAs } from './fixtures'
import { unique } from './support/changes'
import { e2eDb } from './support/db'

// Issue 13, item 6: an administrator builds an approver group, creates a
// HIGH-risk policy and edits it to "all owners, then 2 of the group" (version
// 2, shown in words and in the history); an approver sets and revokes an
// out-of-office delegation. Mistakes show beside their fields and keep what
// was typed.
//
// The policy is narrowed to low-criticality services and deactivated at the
// end: the demo's HIGH-risk policy (all owners, then 2 of the 3 CAB members)
// is what other specs' changes are submitted under, and it stays untouched.

/** Leaves the editor with one rule, whatever the policy had. */
async function keepOneRule(page: Page): Promise<void> {
  const rules = page.getByRole('group', { name: /^Rule \d+$/ })
  for (let count = await rules.count(); count > 1; count--) {
    await page.getByRole('button', { name: `Remove rule ${count}` }).click()
  }
  await expect(rules).toHaveCount(1)
}

test('an admin makes a Security group and requires 2 of its members after the owners on HIGH-risk changes', async ({ page }) => {
  const suffix = unique()
  const groupName = `Security ${suffix}`
  const policyName = `High risk on low-criticality services ${suffix}`
  // A run stopped half-way may have left its policy active; only one may govern these changes.
  await e2eDb().approvalPolicy.updateMany({ where: { active: true, changeType: null, riskLevel: 'HIGH', criticality: 'LOW' }, data: { active: false } })
  await loginAs(page, 'admin')
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Approver groups' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Approver groups' })).toBeVisible()

  // A mistake first: no name. The error sits by the field and the description is kept.
  await page.getByLabel('Description').fill('Reviews anything touching secrets or access.')
  await page.getByRole('button', { name: 'Create group' }).click()
  await expect(page.getByText('Enter a name.')).toBeVisible()
  await expect(page.getByLabel('Description')).toHaveValue('Reviews anything touching secrets or access.')

  await page.getByLabel('Group name').fill(groupName)
  await page.getByRole('button', { name: 'Create group' }).click()
  await expect(page.getByRole('heading', { level: 1, name: groupName })).toBeVisible()
  for (const person of ['Avery Approver', 'Blake Approver']) {
    await page.getByLabel('Person').selectOption({ label: person })
    await page.getByRole('button', { name: 'Add member' }).click()
    await expect(page.getByRole('status').filter({ hasText: `${person} added.` })).toBeVisible()
  }
  await expect(page.getByRole('heading', { level: 2, name: 'Members (2)' })).toBeVisible()

  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Policies' }).click()
  await expect(page.getByText('Edits apply to changes submitted or materially edited afterwards').first()).toBeVisible()
  // Another mistake: no name. The choices made are kept.
  await page.getByLabel('Governs').selectOption({ label: 'High-risk changes' })
  await page.getByLabel('Only when the most critical affected service is').selectOption({ label: 'Low' })
  await page.getByRole('button', { name: 'Create policy' }).click()
  await expect(page.getByText('Enter a name.')).toBeVisible()
  await expect(page.getByLabel('Only when the most critical affected service is')).toHaveValue('LOW')
  await page.getByLabel('Policy name').fill(policyName)
  await page.getByRole('button', { name: 'Create policy' }).click()
  await expect(page.getByRole('heading', { level: 1, name: policyName })).toBeVisible()
  await expect(page.getByText('Version 1: all owners of the affected services')).toBeVisible()

  await keepOneRule(page)
  const first = page.getByRole('group', { name: 'Rule 1' })
  await first.getByLabel('Who approves').selectOption({ label: 'Owners of the affected services' })
  await first.getByLabel('How many').selectOption({ label: 'All of them' })
  await page.getByRole('button', { name: 'Add a rule' }).click()
  const second = page.getByRole('group', { name: 'Rule 2' })
  await second.getByLabel('Stage').selectOption('2')
  await second.getByLabel('Who approves').selectOption({ label: 'An approver group' })
  await second.getByLabel('Group', { exact: true }).selectOption({ label: `${groupName} (2 members)` })
  await second.getByLabel('How many').selectOption({ label: 'A number of them (N of M)' })

  // 3 of a group of 2 cannot be met: refused beside the number, with every row as typed.
  await second.getByLabel('Number who must approve').fill('3')
  await page.getByRole('button', { name: 'Save as version 2' }).click()
  await expect(page.getByText('At most 2: only 2 people are eligible under this rule.')).toBeVisible()
  await expect(second.getByLabel('Number who must approve')).toHaveValue('3')
  await expect(second.getByLabel('Group', { exact: true })).toHaveValue(/.+/)
  await expect(second.getByLabel('Stage')).toHaveValue('2')

  const words = `all owners of the affected services, then 2 of the ${groupName} members`
  await second.getByLabel('Number who must approve').fill('2')
  await expect(page.getByText(`In words: ${words}`)).toBeVisible()
  await page.getByRole('button', { name: 'Save as version 2' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved as version 2.' })).toBeVisible()
  await expect(page.getByText(`Version 2: ${words}`)).toBeVisible()

  const history = page.getByRole('table', { name: 'Versions of this policy, newest first' })
  const newest = history.getByRole('row').filter({ hasText: '2 (current)' })
  await expect(newest).toContainText('Ada Admin')
  await expect(newest).toContainText(words)
  // The first version is kept, unchanged, below.
  await expect(history.getByRole('row').filter({ has: page.getByRole('cell', { name: '1', exact: true }) })).toContainText('all owners of the affected services')

  // The group now says which policy relies on it; then the policy is retired, leaving other specs' changes alone.
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Approver groups' }).click()
  await expect(page.getByRole('row').filter({ hasText: groupName })).toContainText(policyName)
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Policies' }).click()
  await page.getByRole('link', { name: policyName, exact: true }).click()
  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByRole('button', { name: `Deactivate ${policyName}` }).click()
  await expect(page.getByRole('button', { name: `Activate ${policyName}` })).toBeVisible()
  await expect(page.getByText('Inactive: it governs no change until it is activated again')).toBeVisible()
})

test('an approver names a delegate for their time away, then revokes it', async ({ page }) => {
  // Far enough ahead, on random days, that no other delegation of Avery's overlaps.
  const start = new Date(Date.UTC(2031 + Math.floor(Math.random() * 60), 0, 5, 9, 0))
  const local = (d: Date) => d.toISOString().slice(0, 16)
  const end = new Date(start.getTime() + 7 * 86_400_000)
  const note = `Annual leave (${unique()}); Blake knows the payments runbook.`
  await loginAs(page, 'approver')
  await page.getByRole('link', { name: 'Avery Approver' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Out of office' })).toBeVisible()

  // A mistake first: back before leaving. The error sits by the field and the choices are kept.
  await page.getByLabel('Delegate').selectOption({ label: 'Blake Approver' })
  await page.getByLabel(/^From/).fill(local(end))
  await page.getByLabel(/^Until/).fill(local(start))
  await page.getByLabel('Note (optional)').fill(note)
  await page.getByRole('button', { name: 'Name delegate' }).click()
  await expect(page.getByText('The end must be after the start.')).toBeVisible()
  await expect(page.getByLabel('Delegate')).toHaveValue(/.+/)
  await expect(page.getByLabel('Note (optional)')).toHaveValue(note)

  await page.getByLabel(/^From/).fill(local(start))
  await page.getByLabel(/^Until/).fill(local(end))
  await page.getByRole('button', { name: 'Name delegate' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Blake Approver will sign on your behalf.' })).toBeVisible()

  const table = page.getByRole('table', { name: 'Your delegations' })
  // Playwright's browser is in Europe/London; Avery reads times in the zone of their profile.
  const row = table.getByRole('row').filter({ hasText: note })
  await expect(row).toContainText('Upcoming')
  await row.getByRole('button', { name: "Revoke Blake Approver's delegation" }).click()
  // The row stays, as history, with its state written out and no button left.
  await expect(row).toContainText('Revoked')
  await expect(row.getByRole('button')).toHaveCount(0)
})

test('an admin sees every current delegation and revokes one its approver cannot', async ({ page }) => {
  const db = e2eDb()
  const [manager, approver2] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { email: 'manager@example.com' } }),
    db.user.findUniqueOrThrow({ where: { email: 'approver2@example.com' } }),
  ])
  // Morgan's seat, on random far-off days so no other spec's delegation overlaps.
  const startsAt = new Date(Date.UTC(2095 + Math.floor(Math.random() * 4), Math.floor(Math.random() * 12), 3, 9, 0))
  const note = `Sabbatical ${unique()}`
  await db.delegation.create({ data: { delegatorId: manager.id, delegateId: approver2.id, startsAt, endsAt: new Date(startsAt.getTime() + 14 * 86_400_000), note } })

  await loginAs(page, 'admin')
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Policies' }).click()
  await page.getByRole('link', { name: 'current delegations' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Delegations' })).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: note })
  await expect(row).toContainText('Morgan Manager')
  await expect(row).toContainText('Blake Approver')
  page.once('dialog', (dialog) => void dialog.accept())
  await row.getByRole('button', { name: "Revoke Blake Approver's delegation for Morgan Manager" }).click()
  // Only current and upcoming delegations are listed: a revoked one leaves the list.
  await expect(page.getByRole('row').filter({ hasText: note })).toHaveCount(0)
})
