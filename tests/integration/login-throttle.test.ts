import { describe, expect, it } from 'vitest'
import { env } from '@/lib/env'
import { purgeStaleThrottleRows } from '@/lib/server/auth/login-throttle'
import { INVALID_CREDENTIALS, verifyCredentials } from '@/lib/server/auth/verify-credentials'
import { prisma } from '@/lib/server/db'
import { createUser } from '@/tests/factories'

const minutes = (n: number) => n * 60_000

describe('sign-in rate limit (LoginThrottle in PostgreSQL)', () => {
  const { LOGIN_MAX_FAILURES: max, LOGIN_LOCK_MINUTES: lockMinutes } = env()
  const lockMessage = `Too many failed sign-in attempts. Try again in ${lockMinutes} minutes.`

  it('locks the e-mail after the configured number of failures, even for the right password, until the lock expires', async () => {
    const user = await createUser({ roles: ['REQUESTER'] })
    const start = new Date()
    for (let attempt = 1; attempt < max; attempt++) {
      await expect(verifyCredentials(user.email, 'wrong-password', { now: start })).resolves.toEqual({ ok: false, message: INVALID_CREDENTIALS })
    }
    // The failure that reaches the limit already says so.
    await expect(verifyCredentials(user.email, 'wrong-password', { now: start })).resolves.toEqual({ ok: false, message: lockMessage })
    await expect(verifyCredentials(user.email, user.password, { now: start })).resolves.toEqual({ ok: false, message: lockMessage })
    // Keyed by the normalised address: changing case or adding spaces does not get round it.
    await expect(verifyCredentials(` ${user.email.toUpperCase()} `, user.password, { now: start })).resolves.toEqual({ ok: false, message: lockMessage })

    const almost = new Date(start.getTime() + minutes(lockMinutes) - 30_000)
    await expect(verifyCredentials(user.email, user.password, { now: almost })).resolves.toEqual({
      ok: false,
      message: 'Too many failed sign-in attempts. Try again in 1 minute.',
    })
    const later = new Date(start.getTime() + minutes(lockMinutes) + 1_000)
    await expect(verifyCredentials(user.email, user.password, { now: later })).resolves.toMatchObject({ ok: true, user: { id: user.id } })
    expect(await prisma.loginThrottle.count({ where: { key: `email:${user.email}` } })).toBe(0)
  })

  it('forgets failures after a successful sign-in', async () => {
    const user = await createUser({ roles: ['APPROVER'] })
    for (let attempt = 1; attempt < max; attempt++) await verifyCredentials(user.email, 'wrong-password')
    await expect(verifyCredentials(user.email, user.password)).resolves.toMatchObject({ ok: true })
    for (let attempt = 1; attempt < max; attempt++) await verifyCredentials(user.email, 'wrong-password')
    await expect(verifyCredentials(user.email, user.password)).resolves.toMatchObject({ ok: true })
  })

  it('starts counting afresh once the failure window has passed', async () => {
    const user = await createUser({ roles: ['APPROVER'] })
    const start = new Date()
    for (let attempt = 1; attempt < max; attempt++) await verifyCredentials(user.email, 'wrong-password', { now: start })
    const later = new Date(start.getTime() + minutes(lockMinutes) + 1_000)
    await expect(verifyCredentials(user.email, 'wrong-password', { now: later })).resolves.toEqual({ ok: false, message: INVALID_CREDENTIALS })
    await expect(verifyCredentials(user.email, user.password, { now: later })).resolves.toMatchObject({ ok: true })
  })

  it('counts every one of many parallel guesses (as from several app instances) and locks at the limit', async () => {
    const user = await createUser({ roles: ['REQUESTER'] })
    const results = await Promise.all(Array.from({ length: max * 3 }, () => verifyCredentials(user.email, 'wrong-password')))
    expect(results.every((result) => !result.ok)).toBe(true)
    expect(results.filter((result) => !result.ok && result.message === INVALID_CREDENTIALS)).toHaveLength(max - 1)
    const row = await prisma.loginThrottle.findUniqueOrThrow({ where: { key: `email:${user.email}` } })
    expect(row.failures).toBe(max)
    expect(row.lockedUntil).not.toBeNull()
    await expect(verifyCredentials(user.email, user.password)).resolves.toEqual({ ok: false, message: lockMessage })
  })

  it('throttles unknown addresses the same way, so a lock does not reveal whether an account exists', async () => {
    const email = `nobody-${Date.now()}@example.test`
    for (let attempt = 1; attempt < max; attempt++) {
      await expect(verifyCredentials(email, 'whatever-password')).resolves.toEqual({ ok: false, message: INVALID_CREDENTIALS })
    }
    await expect(verifyCredentials(email, 'whatever-password')).resolves.toEqual({ ok: false, message: lockMessage })
  })

  it('purges rows whose window has passed and that hold no lock, on the next failed sign-in', async () => {
    const now = new Date()
    const old = new Date(now.getTime() - minutes(lockMinutes) - 60_000)
    const suffix = `${Date.now()}`
    await prisma.loginThrottle.createMany({
      data: [
        { key: `email:stale-${suffix}@example.test`, failures: 3, windowStart: old },
        { key: `email:lock-ended-${suffix}@example.test`, failures: max, windowStart: old, lockedUntil: new Date(now.getTime() - 1_000) },
        { key: `email:still-locked-${suffix}@example.test`, failures: max, windowStart: old, lockedUntil: new Date(now.getTime() + 60_000) },
        { key: `email:recent-${suffix}@example.test`, failures: 2, windowStart: new Date(now.getTime() - 60_000) },
      ],
    })
    await verifyCredentials(`someone-${suffix}@example.test`, 'wrong-password', { now })
    const keys = (await prisma.loginThrottle.findMany({ where: { key: { contains: suffix } }, select: { key: true } })).map((row) => row.key)
    expect(keys.sort()).toEqual(
      [`email:recent-${suffix}@example.test`, `email:someone-${suffix}@example.test`, `email:still-locked-${suffix}@example.test`].sort(),
    )
    // Nothing left to purge until time moves on.
    await expect(purgeStaleThrottleRows(now)).resolves.toBe(0)
  })
})
