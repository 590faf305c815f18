import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { prisma, type Tx } from './db'

// Serialization failures and deadlocks are safe to retry: the transaction did nothing.
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01'])

function isRetryable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2034') return true
  const text = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : ''
  return [...RETRYABLE_SQLSTATES].some((code) => text.includes(code)) || /could not serialize|deadlock detected/i.test(text)
}

/**
 * Runs `work` in one transaction, retrying a few times when PostgreSQL reports
 * a serialization failure or deadlock (concurrent sign-offs, edits, schedules).
 */
export async function runTransaction<T>(
  work: (tx: Tx) => Promise<T>,
  options: { isolationLevel?: Prisma.TransactionIsolationLevel; attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(work, {
        isolationLevel: options.isolationLevel ?? Prisma.TransactionIsolationLevel.ReadCommitted,
        maxWait: 10_000,
        timeout: 20_000,
      })
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20))
    }
  }
}

/**
 * Locks one change row until the transaction ends (SELECT … FOR UPDATE), so
 * every transition of that change happens one at a time. Returns false when
 * the change does not exist.
 */
export async function lockChange(tx: Tx, changeId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ChangeRequest" WHERE id = ${changeId}::uuid FOR UPDATE`
  return rows.length === 1
}

// Any constant shared by every instance; the value only has to be unique in this database.
const FREEZE_CALENDAR_LOCK = 4_242_001

/**
 * Serializes freeze declarations against scheduling decisions (transaction-
 * scoped advisory lock): a freeze saved while a change is being scheduled
 * either sees the SCHEDULED change (and un-schedules it) or is seen by the gate.
 */
export async function lockFreezeCalendar(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FREEZE_CALENDAR_LOCK})`
}
