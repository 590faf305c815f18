import { expect, test, type Page } from '@playwright/test'
import { createService, uniqueSuffix } from '../tests/factories'
import { createSubmittedChange } from '../tests/factories/sign-offs'
import { DEMO, type DemoUserKey } from './fixtures'
import { e2eDb } from './support/db'
import { fileStandardChange } from './support/changes'
import { signedInPage, signOffInBrowser } from './support/sign-offs'

// Three people in three browser contexts: the requester (Rita), and the owners
// of the two affected services (Avery, Blake). The first test files the change
// through the change form; the second arranges the SUBMITTED change with the
// factories on the e2e database. Everything under test is driven through the
// browser (and, for the crafted requests, through the JSON API with the
// browser's own session cookie).

const STATEMENT = {
  approver: 'I checked the payment routing steps and the rollback against our runbook; both are sound.',
  approver2: 'The queue drain and replay plan protects in-flight messages; monitoring covers the lag.',
}

async function userId(key: DemoUserKey): Promise<string> {
  return (await e2eDb().user.findUniqueOrThrow({ where: { email: DEMO[key].email }, select: { id: true } })).id
}

/** A STANDARD change (its requester may schedule it) on two fresh services owned by Avery and Blake, in its own far-future window. */
async function arrangeSubmittedChange(title: string) {
  const db = e2eDb()
  const [payments, queue] = await arrangeServices()
  // A window nobody else uses: its own day, years ahead, so no conflict or crowding from other specs.
  const day = Math.floor(Math.random() * 3000)
  const windowStart = new Date(Date.UTC(2044, 0, 1, 9) + day * 86_400_000)
  return createSubmittedChange(db, {
    requesterId: await userId('requester'),
    serviceIds: [payments.id, queue.id],
    type: 'STANDARD',
    title,
    windowStart,
    windowEnd: new Date(windowStart.getTime() + 2 * 3_600_000),
  })
}

/** Two fresh services, owned by Avery and by Blake, so exactly those two must sign. */
async function arrangeServices() {
  const suffix = uniqueSuffix()
  const payments = await createService({ ownerId: await userId('approver'), name: `Payments ${suffix}` }, e2eDb())
  const queue = await createService({ ownerId: await userId('approver2'), name: `Queue ${suffix}` }, e2eDb())
  return [payments, queue] as const
}

const approverEntry = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Required approvers' }).getByRole('listitem').filter({ hasText: name })

test.describe('written sign-offs and the scheduling gate', () => {

  test('both owners sign off in writing, the requester schedules the standard change, and the audit trail records each sign-off', async ({
    browser,
  }) => {
    const title = `Rotate payment keys ${uniqueSuffix()}`
    const services = await arrangeServices()
    const [rita, avery, blake] = await Promise.all([
      signedInPage(browser, 'requester'),
      signedInPage(browser, 'approver'),
      signedInPage(browser, 'approver2'),
    ])
    const change = await fileStandardChange(
      rita,
      title,
      services.map((s) => s.name),
    )

    // The requester sees no sign-off form on their own change, and a crafted POST with their session is refused.
    await rita.goto(`/changes/${change.id}`)
    await expect(rita.getByText('You raised this change, so you cannot sign it off.')).toBeVisible()
    await expect(rita.getByLabel('Type your full name to sign')).toHaveCount(0)
    // Sent as a script on a Changeboard page would send it (same Origin): the policy, not the origin check, refuses it.
    const sameOrigin = { origin: new URL(rita.url()).origin }
    const crafted = await rita.request.post(`/api/v1/changes/${change.id}/sign-offs`, {
      headers: sameOrigin,
      data: {
        decision: 'APPROVED',
        statement: STATEMENT.approver,
        signature: DEMO.requester.name,
        revision: 1,
        fingerprint: change.fingerprint,
      },
    })
    expect(crafted.status()).toBe(403)
    expect(await crafted.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'You raised this change, so you cannot sign it off.' } })

    // Avery finds it in the inbox and signs off; a mistyped signature is refused first, keeping what was typed.
    await avery.goto('/approvals')
    await avery.getByRole('link', { name: new RegExp(title) }).click()
    await expect(avery.getByRole('heading', { name: 'Revision 1 — the content you are signing' })).toBeVisible()
    await avery.getByRole('radio', { name: 'Approve' }).check()
    await avery.getByLabel('Statement').fill(STATEMENT.approver)
    await avery.getByLabel('Type your full name to sign').fill('Avery Aprover')
    await avery.getByRole('button', { name: 'Sign off revision 1' }).click()
    await expect(avery.getByText('The signature must match your account name exactly: Avery Approver')).toBeVisible()
    await expect(avery.getByLabel('Type your full name to sign')).toHaveAttribute('aria-invalid', 'true')
    await expect(avery.getByLabel('Statement')).toHaveValue(STATEMENT.approver)
    await expect(avery.getByRole('radio', { name: 'Approve' })).toBeChecked()
    await avery.getByLabel('Type your full name to sign').fill('Avery Approver')
    await avery.getByRole('button', { name: 'Sign off revision 1' }).click()
    await expect(avery.getByText('You approved revision 1').first()).toBeVisible()

    // Before Blake signs, the requester's checklist says who is missing and Schedule is disabled.
    await rita.reload()
    await expect(rita.getByRole('list', { name: 'Scheduling checklist' })).toContainText('Awaiting sign-off from Blake Approver.')
    await expect(rita.getByRole('button', { name: 'Schedule' })).toBeDisabled()

    await signOffInBrowser(blake, change.id, { statement: STATEMENT.approver2, signature: 'Blake Approver' })
    await expect(blake.getByText('You approved revision 1').first()).toBeVisible()

    await rita.reload()
    await expect(approverEntry(rita, 'Avery Approver')).toContainText('Approved')
    await expect(approverEntry(rita, 'Blake Approver')).toContainText('Approved')
    await rita.getByRole('button', { name: 'Schedule' }).click()
    await expect(rita.getByText('This change is scheduled')).toBeVisible()

    // The audit trail and the panel carry each written decision: statement, signature and revision.
    await rita.reload()
    for (const [name, statement] of [
      ['Avery Approver', STATEMENT.approver],
      ['Blake Approver', STATEMENT.approver2],
    ] as const) {
      await expect(rita.getByText(`approved revision 1, signed "${name}": ${statement}`)).toBeVisible()
      await expect(approverEntry(rita, name)).toContainText(`Signed “${name}”`)
      await expect(approverEntry(rita, name)).toContainText('for revision 1')
    }
    await Promise.all([rita, avery, blake].map((page) => page.context().close()))
  })

  test('an edit after one approval voids it: the stale badge shows, and scheduling is refused with every reason (UI and API)', async ({
    browser,
  }) => {
    const change = await arrangeSubmittedChange(`Upgrade queue brokers ${uniqueSuffix()}`)
    const [rita, avery, blake] = await Promise.all([
      signedInPage(browser, 'requester'),
      signedInPage(browser, 'approver'),
      signedInPage(browser, 'approver2'),
    ])
    await signOffInBrowser(avery, change.id, { statement: STATEMENT.approver, signature: 'Avery Approver' })
    await expect(avery.getByText('You approved revision 1').first()).toBeVisible()

    // Blake opens revision 1 and starts writing…
    await blake.goto(`/changes/${change.id}`)
    await blake.getByRole('radio', { name: 'Approve' }).check()
    await blake.getByLabel('Statement').fill(STATEMENT.approver2)
    await blake.getByLabel('Type your full name to sign').fill('Blake Approver')

    // …while the requester changes the rollback plan: a material edit, so revision 2.
    await editRollbackPlan(rita, change.id, 'Restore the broker snapshot taken before step 1, then replay the dead-letter queue.')

    await rita.goto(`/changes/${change.id}`)
    await expect(approverEntry(rita, 'Avery Approver')).toContainText('Stale — given for revision 1')
    await expect(approverEntry(rita, 'Avery Approver')).toContainText('Pending')
    const checklist = rita.getByRole('list', { name: 'Scheduling checklist' })
    await expect(checklist).toContainText('Sign-off by Avery Approver was given for an earlier revision and must be given again.')
    await expect(checklist).toContainText('Awaiting sign-off from Blake Approver.')
    await expect(rita.getByRole('button', { name: 'Schedule' })).toBeDisabled()

    // The button is not the security check: a direct API call is refused with every reason listed.
    const direct = await rita.request.post(`/api/v1/changes/${change.id}/schedule`, { headers: { origin: new URL(rita.url()).origin }, data: {} })
    expect(direct.status()).toBe(422)
    const body = (await direct.json()) as { error: { code: string; reasons: { code: string; message: string }[] } }
    expect(body.error.code).toBe('REFUSED')
    expect(body.error.reasons.map((r) => r.message)).toEqual(
      expect.arrayContaining([
        'Sign-off by Avery Approver was given for an earlier revision and must be given again.',
        'Awaiting sign-off from Blake Approver.',
      ]),
    )

    // The same call from another site, riding on the session cookie, is refused before anything is read.
    const forged = await rita.request.post(`/api/v1/changes/${change.id}/schedule`, { headers: { origin: 'https://evil.example' }, data: {} })
    expect(forged.status()).toBe(403)
    expect(await forged.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'Requests from https://evil.example may not change anything here.' } })

    // Without a session the API answers 401 in JSON, not a redirect to the sign-in page.
    const anonymous = await browser.newContext()
    const unauthenticated = await anonymous.request.post(`/api/v1/changes/${change.id}/schedule`, { data: {} })
    expect(unauthenticated.status()).toBe(401)
    expect(((await unauthenticated.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED')
    await anonymous.close()

    // Avery is asked again in the inbox, with what changed since revision 1.
    await avery.goto('/approvals')
    const item = avery.getByRole('listitem').filter({ hasText: change.displayNumber })
    await expect(item).toContainText('You approved revision 1. Changed since then:')
    await expect(item).toContainText('Rollback plan')

    // Blake's sign-off of revision 1 is refused: it is not what is now proposed.
    await blake.getByRole('button', { name: 'Sign off revision 1' }).click()
    await expect(
      blake.getByRole('alert').filter({ hasText: 'The change was revised since you opened it — review revision 2' }),
    ).toBeVisible()
    await blake.reload()
    await expect(blake.getByRole('button', { name: 'Sign off revision 2' })).toBeVisible()
    await Promise.all([rita, avery, blake].map((page) => page.context().close()))
  })

  test('a change manager replaces a service owner with a written reason; owners cannot simply be removed', async ({ browser }) => {
    const change = await arrangeSubmittedChange(`Replace an owner ${uniqueSuffix()}`)
    const morgan = await signedInPage(browser, 'manager')
    await morgan.goto(`/changes/${change.id}`)
    // Only nominated approvers can be removed, and this change has none.
    await expect(morgan.getByLabel('Remove a nominated approver')).toHaveCount(0)

    const services = await e2eDb().changeService.findMany({ where: { changeId: change.id }, select: { service: { select: { name: true } } } })
    const payments = services.map((s) => s.service.name).find((name) => name.startsWith('Payments'))
    await morgan.getByLabel('Service owner to replace').selectOption({ label: `Avery Approver (owner of ${payments})` })
    await morgan.getByLabel('Signs in their place (a delegate or another owner)').selectOption({ label: 'Morgan Manager' })
    await morgan.getByRole('button', { name: 'Replace owner' }).click()
    await expect(morgan.getByText('Say why the owner is replaced on this change (at least 10 characters).')).toBeVisible()

    await morgan.getByLabel('Reason for replacing the owner').fill('Avery is on leave this week; Morgan covers Payments.')
    await morgan.getByRole('button', { name: 'Replace owner' }).click()
    await expect(morgan.getByText('Owner replaced on this change.')).toBeVisible()
    await expect(approverEntry(morgan, 'Morgan Manager')).toBeVisible()
    await expect(approverEntry(morgan, 'Avery Approver')).toHaveCount(0)
    await morgan.context().close()
  })

  test('the requester is offered no way to change who signs', async ({ browser }) => {
    const change = await arrangeSubmittedChange(`Own change ${uniqueSuffix()}`)
    const rita = await signedInPage(browser, 'requester')
    await rita.goto(`/changes/${change.id}`)
    await expect(rita.getByRole('heading', { name: 'Sign-offs' })).toBeVisible()
    await expect(rita.getByRole('button', { name: 'Replace owner' })).toHaveCount(0)
    await expect(rita.getByRole('button', { name: 'Add approver' })).toHaveCount(0)
    await rita.context().close()
  })
})

/** The requester's material edit through the change form of issue 3. */
async function editRollbackPlan(page: Page, changeId: string, rollbackPlan: string) {
  await page.goto(`/changes/${changeId}/edit`)
  await page.getByLabel('Rollback plan').fill(rollbackPlan)
  await page.getByRole('button', { name: /save/i }).click()
  await expect(page).toHaveURL(new RegExp(`/changes/${changeId}$`))
}
