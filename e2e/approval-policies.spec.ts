import { expect, test, type Page } from '@playwright/test'
import { createService, uniqueSuffix } from '../tests/factories'
import { createSubmittedChange } from '../tests/factories/sign-offs'
import { DEMO, type DemoUserKey } from './fixtures'
import { e2eDb } from './support/db'
import { fileStandardChange } from './support/changes'
import { signedInPage, signOffInBrowser } from './support/sign-offs'

// Approval policies and delegation (issue 13) against the demo data: the CAB
// (Morgan Manager, Casey Board, Devon Board), the high-risk policy (all owners,
// then 2 of the 3 CAB members) and Avery Approver away with Devon Board as delegate.

const STATEMENT = 'I read the plans, the rollback and the monitoring for this revision; the risk is acceptable.'

async function userId(key: DemoUserKey): Promise<string> {
  return (await e2eDb().user.findUniqueOrThrow({ where: { email: DEMO[key].email }, select: { id: true } })).id
}

const rules = (page: Page) => page.getByRole('list', { name: 'Approval rules' }).getByRole('listitem')

test('a high-risk change needs 2 of the 3 CAB members after the owners, shown in words and progress', async ({ browser }) => {
  const suffix = uniqueSuffix()
  const payments = await createService({ ownerId: await userId('approver'), name: `Ledger ${suffix}` }, e2eDb())
  const queue = await createService({ ownerId: await userId('approver2'), name: `Events ${suffix}` }, e2eDb())
  // One after another: four sign-ins at once (bcrypt) are slow on a busy machine.
  const rita = await signedInPage(browser, 'requester')
  const blake = await signedInPage(browser, 'approver2')
  const casey = await signedInPage(browser, 'cab1')
  const devon = await signedInPage(browser, 'cab2')
  const title = `Migrate the ledger database ${suffix}`
  const change = await fileStandardChange(rita, title, [payments.name, queue.name], { type: 'NORMAL', riskLevel: 'HIGH' })

  await rita.goto(`/changes/${change.id}`)
  await expect(rita.getByText('Approval policy: all owners of the affected services, then 2 of the 3 CAB members.')).toBeVisible()
  // The due date follows from the window: the owners and the CAB are reminded before it, the change managers told at it.
  await expect(rita.getByText(/^Sign-offs are due by .+: approvers still to sign are reminded at .+, and at the due time the change managers are told\.$/)).toBeVisible()
  await expect(rules(rita)).toHaveText([
    'Stage 1: Awaiting 2 more approvals for all owners of the affected services (0 of 2 so far).',
    'Stage 2: Not asked yet: 2 of the 3 CAB members is asked once the earlier stages hold.',
  ])

  // The CAB is not asked before the owners: no form, and the reason in words.
  await casey.goto(`/changes/${change.id}`)
  await expect(casey.getByText(/You sign in stage 2 \(2 of the 3 CAB members\), which is asked only once stage 1 holds: it is not asked yet\./)).toBeVisible()
  await expect(casey.getByLabel('Type your full name to sign')).toHaveCount(0)

  // Avery is away: Devon signs in Avery's seat (the demo delegation); Blake signs his own.
  await signOffInBrowser(devon, change.id, { statement: STATEMENT, signature: DEMO.cab2.name })
  await expect(devon.getByText(`You approved revision 1 on behalf of ${DEMO.approver.name}.`, { exact: false })).toBeVisible()
  await signOffInBrowser(blake, change.id, { statement: STATEMENT, signature: DEMO.approver2.name })
  await expect(blake.getByText(/You approved revision 1/)).toBeVisible()

  await rita.reload()
  await expect(rules(rita)).toHaveText([
    /^Stage 1: Met: all owners of the affected services \(2 of 2\)\./,
    'Stage 2: Awaiting 2 more approvals for 2 of the 3 CAB members (0 of 2 so far).',
  ])
  await signOffInBrowser(casey, change.id, { statement: STATEMENT, signature: DEMO.cab1.name })
  await expect(casey.getByText(/You approved revision 1/)).toBeVisible()
  await rita.reload()
  await expect(rules(rita).nth(1)).toHaveText(/^Stage 2: Awaiting 1 more approval for 2 of the 3 CAB members \(1 of 2 so far\)\. Approved by Casey Board\.$/)
  // The gate's checklist names the rule not yet met.
  await expect(rita.getByText('Awaiting 1 more approval for 2 of the 3 CAB members (1 of 2 so far).', { exact: true })).toBeVisible()
  await expect(rita.locator('article header').getByText('Awaiting sign-off', { exact: true })).toBeVisible()

  // Devon signs again, now in the CAB seat of his own: the quorum holds and the change is approved.
  await signOffInBrowser(devon, change.id, { statement: STATEMENT, signature: DEMO.cab2.name })
  await expect(devon.getByText(/^You approved revision 1\. Your signed statement is recorded\.$/)).toBeVisible()
  await rita.reload()
  await expect(rita.locator('article header').getByText('Approved', { exact: true })).toBeVisible()
  await expect(rita.getByText('The approval policy holds for revision 1.')).toBeVisible()
  await expect(rules(rita).nth(1)).toHaveText(/^Stage 2: Met: 2 of the 3 CAB members \(2 of 2\)\./)
})

test('a delegate signs on behalf of an absent approver, recorded with both names', async ({ browser }) => {
  const suffix = uniqueSuffix()
  const service = await createService({ ownerId: await userId('approver'), name: `Card vault ${suffix}` }, e2eDb())
  const windowStart = new Date(Date.UTC(2046, 0, 1, 9) + Math.floor(Math.random() * 3000) * 86_400_000)
  await createSubmittedChange(e2eDb(), {
    requesterId: await userId('requester'),
    serviceIds: [service.id],
    title: `Rotate the card vault keys ${suffix}`,
    windowStart,
    windowEnd: new Date(windowStart.getTime() + 2 * 3_600_000),
  })
  const devon = await signedInPage(browser, 'cab2')
  // Devon's inbox lists Avery's change during the delegation.
  await devon.goto('/approvals')
  await devon.getByRole('link', { name: new RegExp(`Rotate the card vault keys ${suffix}`) }).click()
  await expect(devon.getByText(`You sign as: On behalf of ${DEMO.approver.name}`)).toBeVisible()
  await devon.getByRole('radio', { name: 'Approve' }).check()
  await devon.getByLabel('Statement').fill(STATEMENT)
  await devon.getByLabel('Type your full name to sign').fill(DEMO.cab2.name)
  await devon.getByRole('button', { name: 'Sign off revision 1' }).click()
  await expect(devon.getByText(`You approved revision 1 on behalf of ${DEMO.approver.name}. Your signed statement is recorded.`)).toBeVisible()

  await devon.reload()
  await expect(devon.locator('article header').getByText('Approved', { exact: true })).toBeVisible()
  const seat = devon.getByRole('list', { name: 'Required approvers' }).getByRole('listitem').filter({ hasText: DEMO.approver.name })
  await expect(seat).toContainText(`by ${DEMO.cab2.name} on behalf of ${DEMO.approver.name}`)
  await expect(devon.locator('#audit')).toContainText(`${DEMO.cab2.name} approved revision 1 on behalf of ${DEMO.approver.name}`)
})
