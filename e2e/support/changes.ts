import { expect, type Page } from '@playwright/test'
import { createUser, type CreatedUser } from '../../tests/factories/user'
import { createChange, type CreateChangeInput, type FactoryChange } from '../../tests/factories/change-requests'
import { e2eDb } from './db'

export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

/** 'YYYY-MM-DDTHH:mm' for a datetime-local input, in UTC (the zone of the demo users). */
export function localInput(date: Date): string {
  return date.toISOString().slice(0, 16)
}

export async function userIdByEmail(email: string): Promise<string> {
  return (await e2eDb().user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id
}

export async function serviceIdByName(name: string): Promise<string> {
  return (await e2eDb().service.findUniqueOrThrow({ where: { name }, select: { id: true } })).id
}

export async function arrangeChange(input: CreateChangeInput): Promise<FactoryChange> {
  return createChange(e2eDb(), input)
}

export async function arrangeRequester(): Promise<CreatedUser> {
  return createUser({ roles: ['REQUESTER'], name: `Quinn Requester ${unique()}` }, e2eDb())
}

/** Answers every active risk question the way that adds (benign) or counts (risky) its weight. */
export async function answerRiskQuestionnaire(page: Page, how: 'benign' | 'risky'): Promise<void> {
  const questions = await e2eDb().riskQuestion.findMany({ where: { active: true }, select: { text: true, riskyAnswer: true } })
  for (const q of questions) {
    const yes = how === 'risky' ? q.riskyAnswer : !q.riskyAnswer
    await page.getByRole('group', { name: q.text }).getByLabel(yes ? 'Yes' : 'No', { exact: true }).check()
  }
}

/** The requester files and submits a STANDARD change through the change form (a LOW-risk STANDARD change, window on a random day of 2045); returns its id and fingerprint. */
export async function fileStandardChange(
  page: Page,
  title: string,
  serviceNames: readonly string[],
  options: { type?: 'STANDARD' | 'NORMAL'; riskLevel?: 'LOW' | 'MEDIUM' | 'HIGH' } = {},
) {
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')
  await page.goto('/changes/new')
  await page.getByLabel('Title').fill(title)
  await page.getByLabel('Change type').selectOption(options.type ?? 'STANDARD')
  // Risk is worked out, not picked: the questionnaire answered the risky way makes it HIGH.
  await answerRiskQuestionnaire(page, options.riskLevel === 'HIGH' ? 'risky' : 'benign')
  const texts: [string, string][] = [
    ['Purpose', 'Rotate the signing keys of the payment gateway before they expire.'],
    ['Current state', 'Keys issued in 2043 are in use and expire at the end of the quarter.'],
    ['Future state', 'New keys are active and the old ones are revoked after the drain.'],
    ['Implementation plan', '1. Publish the new public key.\n2. Switch signing.\n3. Drain the queue.'],
    ['Rollback plan', 'Switch signing back to the old key, which stays valid for a week.'],
    ['Monitoring plan', 'Watch signature failures and queue lag for one hour afterwards.'],
    ['Impact', 'No downtime expected; a short rise in queue latency is possible.'],
    ['Test and validation evidence', 'Rehearsed on staging: all signing checks passed.'],
  ]
  for (const [label, value] of texts) await page.getByLabel(label, { exact: true }).fill(value)
  await page.getByLabel(/^Window start/).fill(`2045-${month}-${day}T09:00`)
  await page.getByLabel(/^Window end/).fill(`2045-${month}-${day}T11:00`)
  for (const name of serviceNames) await page.getByLabel(new RegExp(name)).check()
  await page.getByRole('button', { name: 'Submit for approval' }).click()
  await expect(page).toHaveURL(/\/changes\/[0-9a-f-]{36}$/)
  const id = page.url().split('/').pop() ?? ''
  const row = await e2eDb().changeRequest.findUniqueOrThrow({ where: { id }, select: { status: true, fingerprint: true } })
  expect(row.status).toBe('SUBMITTED')
  return { id, fingerprint: row.fingerprint ?? '' }
}
