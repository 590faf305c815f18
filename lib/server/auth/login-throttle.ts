import 'server-only'
import { env } from '@/lib/env'
import { prisma } from '@/lib/server/db'

/**
 * Failed sign-in counters live in PostgreSQL (LoginThrottle), so every app
 * instance behind a load balancer sees the same count. Two kinds of key:
 * - the normalised e-mail, whether or not such an account exists (so a lock
 *   does not reveal which addresses are registered), cleared by a success;
 * - the client address (when one is reliable, see client-ip.ts), with its
 *   own higher limit, so one address cannot spray guesses across many
 *   accounts; a success gives back only its own slot, so signing in to one's
 *   own account does not reset the count for the guesses around it.
 *
 * Each attempt reserves its slot before the password is checked, in one
 * atomic statement per key, and bcrypt then runs with no transaction, row lock
 * or pooled connection held. Parallel guesses (from any number of instances)
 * each take a distinct slot, so at most `max` per window reach the password check.
 */
export type ThrottleKey = { key: string; max: number; onSuccess: 'clear' | 'release' }

export function emailKey(normalisedEmail: string): ThrottleKey {
  return { key: `email:${normalisedEmail}`, max: env().LOGIN_MAX_FAILURES, onSuccess: 'clear' }
}

export function ipKey(address: string): ThrottleKey {
  return { key: `ip:${address}`, max: env().LOGIN_MAX_FAILURES_PER_IP, onSuccess: 'release' }
}

type Slot = { failures: number; lockedUntil: Date | null }
/** An admitted attempt: each key with the slot (1…max) it reserved. */
export type Attempt = { slots: { key: ThrottleKey; slot: number }[]; now: Date }
export type Admission = { ok: true; attempt: Attempt } | { ok: false; minutesLocked: number }

function lockMinutes(): number {
  return env().LOGIN_LOCK_MINUTES
}

/**
 * Takes the next failure slot of the key in one statement. A key already
 * locked is left as it is; a key whose window has passed starts again at 1; a
 * key whose slots are all taken (by failures or by guesses still in flight)
 * becomes locked. The attempt may check the password only if the key is not locked afterwards.
 */
async function reserve({ key, max }: ThrottleKey, now: Date): Promise<Slot> {
  const minutes = lockMinutes()
  const rows = await prisma.$queryRaw<Slot[]>`
    INSERT INTO "LoginThrottle" AS t ("key", "failures", "windowStart", "lockedUntil")
    VALUES (${key}, 1, ${now}::timestamptz, NULL)
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE
        WHEN t."lockedUntil" > ${now}::timestamptz THEN t."failures"
        WHEN t."windowStart" <= ${now}::timestamptz - make_interval(mins => ${minutes}::int) THEN 1
        WHEN t."failures" < ${max}::int THEN t."failures" + 1
        ELSE t."failures" END,
      "windowStart" = CASE
        WHEN t."lockedUntil" > ${now}::timestamptz THEN t."windowStart"
        WHEN t."windowStart" <= ${now}::timestamptz - make_interval(mins => ${minutes}::int) THEN ${now}::timestamptz
        ELSE t."windowStart" END,
      "lockedUntil" = CASE
        WHEN t."lockedUntil" > ${now}::timestamptz THEN t."lockedUntil"
        WHEN t."windowStart" <= ${now}::timestamptz - make_interval(mins => ${minutes}::int) THEN NULL
        WHEN t."failures" < ${max}::int THEN NULL
        ELSE ${now}::timestamptz + make_interval(mins => ${minutes}::int) END
    RETURNING "failures", "lockedUntil"`
  const slot = rows[0]
  if (!slot) throw new Error('LoginThrottle upsert returned no row')
  return slot
}

/** Gives one reserved slot back (a success, or an attempt refused by a later key). */
async function release({ key }: ThrottleKey): Promise<void> {
  await prisma.$executeRaw`UPDATE "LoginThrottle" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ${key}`
}

/** Whole minutes left (at least 1) when locked at `now`, else null. */
function minutesLeft(lockedUntil: Date | null, now: Date): number | null {
  if (!lockedUntil || lockedUntil <= now) return null
  return Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000))
}

/**
 * Reserves a slot on every key, in order, before the password is checked.
 * The first locked key refuses the attempt; slots already taken on earlier
 * keys are given back, since no password was tried.
 */
export async function admitAttempt(keys: ThrottleKey[], now: Date): Promise<Admission> {
  const slots: Attempt['slots'] = []
  for (const key of keys) {
    const reserved = await reserve(key, now)
    const locked = minutesLeft(reserved.lockedUntil, now)
    if (locked !== null) {
      for (const earlier of slots) await release(earlier.key)
      return { ok: false, minutesLocked: locked }
    }
    slots.push({ key, slot: reserved.failures })
  }
  return { ok: true, attempt: { slots, now } }
}

/**
 * The password was wrong: the reserved slots stay counted. The attempt that
 * held a key's last slot locks it and returns the minutes locked (else null);
 * stale rows are purged so the table stays bounded.
 */
export async function attemptFailed({ slots, now }: Attempt): Promise<number | null> {
  const minutes = lockMinutes()
  let locked: number | null = null
  for (const { key, slot } of slots) {
    if (slot < key.max) continue
    // A guess refused meanwhile may already have locked the key (its slots were full); keep that lock.
    const rows = await prisma.$queryRaw<{ lockedUntil: Date }[]>`
      UPDATE "LoginThrottle" SET "lockedUntil" = CASE
        WHEN "lockedUntil" > ${now}::timestamptz THEN "lockedUntil"
        ELSE ${now}::timestamptz + make_interval(mins => ${minutes}::int) END
      WHERE "key" = ${key.key}
      RETURNING "lockedUntil"`
    const left = minutesLeft(rows[0]?.lockedUntil ?? null, now)
    if (left !== null) locked = Math.max(locked ?? 0, left)
  }
  await purgeStaleThrottleRows(now)
  return locked
}

/** The password was right: the e-mail key forgets its failures, an address key gets its slot back. */
export async function attemptSucceeded({ slots }: Attempt): Promise<void> {
  for (const { key } of slots) {
    if (key.onSuccess === 'clear') await prisma.loginThrottle.deleteMany({ where: { key: key.key } })
    else await release(key)
  }
}

/** Deletes rows whose window has passed and that hold no lock: they count nothing any more. */
export async function purgeStaleThrottleRows(now: Date): Promise<number> {
  return prisma.$executeRaw`
    DELETE FROM "LoginThrottle"
    WHERE "windowStart" <= ${now}::timestamptz - make_interval(mins => ${lockMinutes()}::int)
      AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now}::timestamptz)`
}

export function lockedMessage(minutes: number): string {
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
}
