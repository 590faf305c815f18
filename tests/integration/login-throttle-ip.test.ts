import { describe, expect, it } from 'vitest'
import { env } from '@/lib/env'
import { INVALID_CREDENTIALS, verifyCredentials } from '@/lib/server/auth/verify-credentials'
import { prisma } from '@/lib/server/db'
import { createUser, uniqueSuffix, type CreatedUser } from '@/tests/factories'

// A small per-address limit keeps these tests quick (each failure costs a
// bcrypt hash). Each integration file runs in its own process, and env() is
// first read below, so this applies to this file only.
process.env.LOGIN_MAX_FAILURES_PER_IP = '6'

async function users(count: number): Promise<CreatedUser[]> {
  return Promise.all(Array.from({ length: count }, () => createUser({ roles: ['REQUESTER'] })))
}

describe('sign-in rate limit per client address', () => {
  const { LOGIN_MAX_FAILURES_PER_IP: perIp, LOGIN_MAX_FAILURES: perEmail, LOGIN_LOCK_MINUTES: lockMinutes } = env()
  const lockMessage = `Too many failed sign-in attempts. Try again in ${lockMinutes} minutes.`

  it('locks an address that sprays one guess each across many accounts, and only that address', async () => {
    expect(perIp).toBeGreaterThan(perEmail)
    const ip = '203.0.113.10'
    const targets = await users(perIp + 1)
    for (const target of targets.slice(0, perIp - 1)) {
      await expect(verifyCredentials(target.email, 'Winter2026!', { ip })).resolves.toEqual({ ok: false, message: INVALID_CREDENTIALS })
    }
    await expect(verifyCredentials(targets[perIp - 1]?.email ?? '', 'Winter2026!', { ip })).resolves.toEqual({ ok: false, message: lockMessage })
    // Even a right password from that address is refused now…
    const next = targets[perIp] as CreatedUser
    await expect(verifyCredentials(next.email, next.password, { ip })).resolves.toEqual({ ok: false, message: lockMessage })
    // …while the same person elsewhere signs in, and no account was locked by one guess each.
    await expect(verifyCredentials(next.email, next.password, { ip: '203.0.113.11' })).resolves.toMatchObject({ ok: true })
    const first = targets[0] as CreatedUser
    await expect(verifyCredentials(first.email, first.password, { ip: '203.0.113.11' })).resolves.toMatchObject({ ok: true })
  })

  it('gives back only its own slot on success, so signing in between guesses does not reset the count', async () => {
    const ip = '203.0.113.20'
    const [own, ...targets] = await users(perIp)
    for (const target of targets.slice(0, perIp - 1)) await verifyCredentials(target.email, 'wrong-password', { ip })
    await expect(verifyCredentials(own?.email ?? '', own?.password ?? '', { ip })).resolves.toMatchObject({ ok: true })
    const row = await prisma.loginThrottle.findUniqueOrThrow({ where: { key: `ip:${ip}` } })
    expect(row.failures).toBe(perIp - 1)
    await expect(verifyCredentials(`spray-${uniqueSuffix()}@example.test`, 'wrong-password', { ip })).resolves.toEqual({
      ok: false,
      message: lockMessage,
    })
  })

  it('lets at most the limit of parallel guesses from one address reach the password check', async () => {
    const ip = '203.0.113.30'
    const emails = Array.from({ length: perIp * 3 }, () => `parallel-${uniqueSuffix()}@example.test`)
    const results = await Promise.all(emails.map((email) => verifyCredentials(email, 'wrong-password', { ip })))
    expect(results.every((result) => !result.ok)).toBe(true)
    expect(results.filter((result) => !result.ok && result.message === INVALID_CREDENTIALS)).toHaveLength(perIp - 1)
    const row = await prisma.loginThrottle.findUniqueOrThrow({ where: { key: `ip:${ip}` } })
    expect(row.failures).toBe(perIp)
    expect(row.lockedUntil).not.toBeNull()
    // Refused attempts took no e-mail slot: only the admitted ones were counted per address.
    expect(await prisma.loginThrottle.count({ where: { key: { in: emails.map((email) => `email:${email}`) } } })).toBe(perIp)
  })
})
