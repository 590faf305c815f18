import 'server-only'
import { env } from '@/lib/env'
import type { Tx } from '@/lib/server/db'

/**
 * Failed sign-in counters live in PostgreSQL (LoginThrottle), so every app
 * instance behind a load balancer sees the same count. Keyed by the lower-cased
 * e-mail whether or not such an account exists, so the lock does not reveal
 * which addresses are registered.
 */
export function throttleKey(email: string): string {
  return email.trim().toLowerCase()
}

type Row = { failures: number; windowStart: Date; lockedUntil: Date | null }

/** Locks the key's row for the rest of the transaction, creating it when missing. */
export async function lockThrottleRow(tx: Tx, key: string): Promise<Row> {
  await tx.$executeRaw`INSERT INTO "LoginThrottle" ("key", "failures", "windowStart") VALUES (${key}, 0, now()) ON CONFLICT ("key") DO NOTHING`
  const rows = await tx.$queryRaw<Row[]>`SELECT "failures", "windowStart", "lockedUntil" FROM "LoginThrottle" WHERE "key" = ${key} FOR UPDATE`
  const row = rows[0]
  if (!row) throw new Error('LoginThrottle row vanished inside its own transaction')
  return row
}

/** Whole minutes left (at least 1) when the key is locked at `now`, else null. */
export function minutesLocked(row: Row, now: Date): number | null {
  if (!row.lockedUntil || row.lockedUntil <= now) return null
  return Math.max(1, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 60_000))
}

/** Counts one failure; returns the minutes locked when this failure reached the limit. */
export async function recordFailure(tx: Tx, key: string, row: Row, now: Date): Promise<number | null> {
  const { LOGIN_MAX_FAILURES: max, LOGIN_LOCK_MINUTES: minutes } = env()
  const windowMs = minutes * 60_000
  const windowExpired = now.getTime() - row.windowStart.getTime() >= windowMs
  const failures = windowExpired ? 1 : row.failures + 1
  const windowStart = windowExpired ? now : row.windowStart
  const lockedUntil = failures >= max ? new Date(now.getTime() + windowMs) : null
  await tx.loginThrottle.update({ where: { key }, data: { failures, windowStart, lockedUntil } })
  return lockedUntil ? minutes : null
}

export async function clearFailures(tx: Tx, key: string): Promise<void> {
  await tx.loginThrottle.deleteMany({ where: { key } })
}

export function lockedMessage(minutes: number): string {
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
}
