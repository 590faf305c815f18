import { expect, type Page } from '@playwright/test'
import { DEMO_PASSWORD, DEMO_USERS } from '../prisma/seed'

/** The seeded demo accounts (prisma/seed.ts), by key: requester, approver, approver2, manager, admin. */
export type DemoUserKey = (typeof DEMO_USERS)[number]['key']
export type DemoUser = { key: DemoUserKey; name: string; email: string; password: string; roles: readonly string[] }

export const DEMO: Readonly<Record<DemoUserKey, DemoUser>> = demoUsers()

function demoUsers(): Record<DemoUserKey, DemoUser> {
  const byKey: Partial<Record<DemoUserKey, DemoUser>> = {}
  for (const user of DEMO_USERS) byKey[user.key] = { ...user, password: DEMO_PASSWORD }
  return byKey as Record<DemoUserKey, DemoUser>
}

/** Signs in through the real sign-in form and waits for the page it lands on. */
export async function signIn(page: Page, email: string, password: string, path = '/sign-in'): Promise<void> {
  await page.goto(path)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

/** Signs in as one of the demo users and waits for the dashboard. */
export async function loginAs(page: Page, key: DemoUserKey): Promise<DemoUser> {
  const user = DEMO[key]
  await signIn(page, user.email, user.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(page.getByRole('banner')).toContainText(user.name)
  return user
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
}
