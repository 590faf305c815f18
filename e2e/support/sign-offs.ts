import type { Browser, Page } from '@playwright/test'
import { loginAs, type DemoUserKey } from '../fixtures'

/** A demo user signed in, in a browser context of their own. */
export async function signedInPage(browser: Browser, key: DemoUserKey): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, key)
  return page
}

/** The written sign-off through the change page's form. */
export async function signOffInBrowser(
  page: Page,
  changeId: string,
  input: { statement: string; signature: string; decision?: 'Approve' | 'Reject' },
) {
  await page.goto(`/changes/${changeId}`)
  await page.getByRole('radio', { name: input.decision ?? 'Approve' }).check()
  await page.getByLabel('Statement').fill(input.statement)
  await page.getByLabel('Type your full name to sign').fill(input.signature)
  await page.getByRole('button', { name: /^Sign off revision/ }).click()
}
