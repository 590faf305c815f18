import { describe, expect, it } from 'vitest'
import { env } from '@/lib/env'
import { INVALID_CREDENTIALS, verifyCredentials } from '@/lib/server/auth/verify-credentials'
import { prisma } from '@/lib/server/db'
import { createUser, uniqueSuffix } from '@/tests/factories'

describe('sign-in matches the e-mail exactly, never as a pattern', () => {
  const { LOGIN_MAX_FAILURES: max } = env()

  it('refuses a wildcard variant of a locked address, even with the right password', async () => {
    const user = await createUser({ roles: ['ADMIN'], email: `lock-${uniqueSuffix()}@example.com` })
    for (let attempt = 1; attempt <= max; attempt++) await verifyCredentials(user.email, 'wrong-password')
    await expect(verifyCredentials(user.email, user.password)).resolves.toMatchObject({ ok: false })
    for (const variant of [user.email.replace(/m$/, '_'), user.email.replace(/^lock/, 'loc_'), user.email.replace(/@.*$/, '@%')]) {
      await expect(verifyCredentials(variant, user.password)).resolves.toEqual({ ok: false, message: INVALID_CREDENTIALS })
    }
  })

  it('never signs anyone in with % as the address, and does not even count it', async () => {
    await createUser({ roles: ['REQUESTER'], email: `first-${uniqueSuffix()}@example.com` })
    const before = await prisma.loginThrottle.count()
    for (const pattern of ['%@example.com', '%', '%@%', 'first-%@example.com', '\\%@example.com']) {
      await expect(verifyCredentials(pattern, 'correct-horse-battery-staple')).resolves.toEqual({ ok: false, message: INVALID_CREDENTIALS })
    }
    expect(await prisma.loginThrottle.count()).toBe(before)
  })

  it('still accepts an address that differs only in case or surrounding spaces', async () => {
    const user = await createUser({ roles: ['REQUESTER'] })
    await expect(verifyCredentials(`  ${user.email.toUpperCase()} `, user.password)).resolves.toMatchObject({ ok: true, user: { id: user.id } })
  })
})
