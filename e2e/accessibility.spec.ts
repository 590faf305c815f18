import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { DEFAULT_RULES } from '../lib/domain/approval-policy/policy-rules'
import { loginAs, type DemoUserKey } from './fixtures'
import { e2eDb } from './support/db'

/**
 * Automated WCAG 2.1 A/AA checks (axe-core) on every main screen, as the role
 * that uses it. Axe finds a subset of problems (labels, names, contrast,
 * landmarks, ARIA misuse); keyboard flows are covered in the feature specs.
 */
async function expectNoViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
  expect(summary).toEqual([])
}

test('the sign-in page is accessible', async ({ page }) => {
  await page.goto('/sign-in')
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await expectNoViolations(page)
})

const SCREENS: Array<{ role: DemoUserKey; path: string; heading: RegExp }> = [
  { role: 'requester', path: '/', heading: /Dashboard/ },
  // The change managers' dashboard adds the emergency reviews overdue (issue 13).
  { role: 'manager', path: '/', heading: /Dashboard/ },
  { role: 'requester', path: '/changes', heading: /Changes/ },
  { role: 'requester', path: '/changes/new', heading: /change/i },
  { role: 'approver', path: '/approvals', heading: /sign-off/i },
  { role: 'manager', path: '/calendar', heading: /Calendar/ },
  { role: 'admin', path: '/admin/users', heading: /Users/ },
  { role: 'admin', path: '/admin/services', heading: /Services/ },
  { role: 'admin', path: '/admin/freezes', heading: /freeze/i },
  { role: 'admin', path: '/admin/outbox', heading: /Outbox/ },
  { role: 'admin', path: '/admin/webhooks', heading: /Webhooks/ },
  { role: 'admin', path: '/admin/approver-groups', heading: /Approver groups/ },
  { role: 'admin', path: '/admin/policies', heading: /Approval policies/ },
  { role: 'admin', path: '/admin/delegations', heading: /Delegations/ },
  { role: 'admin', path: '/admin/risk', heading: /Risk rules/ },
  { role: 'approver2', path: '/profile', heading: /profile/i },
  { role: 'requester', path: '/notifications', heading: /Notifications/ },
  { role: 'approver', path: '/services', heading: /Services/ },
  { role: 'manager', path: '/metrics', heading: /Metrics/ },
  { role: 'manager', path: '/templates', heading: /Standard templates/ },
  { role: 'manager', path: '/templates/new', heading: /Propose a standard template/ },
]

for (const screen of SCREENS) {
  test(`${screen.path} is accessible for the ${screen.role}`, async ({ page }) => {
    await loginAs(page, screen.role)
    await page.goto(screen.path)
    await expect(page.getByRole('heading', { level: 1, name: screen.heading })).toBeVisible()
    await expectNoViolations(page)
  })
}

test('an approver group and an approval policy (rules editor, history) are accessible for the admin', async ({ page }) => {
  const db = e2eDb()
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const group = await db.approverGroup.create({ data: { name: `Axe group ${suffix}`, description: 'Checked by axe.' } })
  // Inactive, so it governs nothing another spec relies on.
  const policy = await db.approvalPolicy.create({
    data: { name: `Axe policy ${suffix}`, riskLevel: 'LOW', criticality: 'LOW', active: false, versions: { create: { version: 1, rules: DEFAULT_RULES } } },
  })
  await loginAs(page, 'admin')
  for (const [path, heading] of [[`/admin/approver-groups/${group.id}`, group.name], [`/admin/policies/${policy.id}`, policy.name]] as const) {
    await page.goto(path)
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
    await expectNoViolations(page)
  }
})

test('keyboard users can reach the main navigation and see where focus is', async ({ page }) => {
  await loginAs(page, 'requester')
  await page.keyboard.press('Tab')
  const focused = page.locator(':focus')
  await expect(focused).toBeVisible()
  // A visible focus indicator: an outline or a ring (box-shadow), not the browser default removed.
  const indicator = await focused.evaluate((el) => {
    const style = getComputedStyle(el)
    return { outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px', ring: style.boxShadow !== 'none' }
  })
  expect(indicator.outline || indicator.ring).toBe(true)
})
