import 'server-only'
import PgBoss from 'pg-boss'
import { env } from '@/lib/env'
import type { Tx } from '@/lib/server/db'
import { log } from '@/lib/server/log'

// pg-boss on the app's own PostgreSQL (schema "pgboss"): no other service to
// run, jobs survive restarts, and SKIP LOCKED hands each job to one worker
// across every instance. Chosen over graphile-worker for its built-in cron,
// retry backoff and dead-lettering, with no native dependency.

export const QUEUES = {
  /** Deliver one MailMessage: { messageId }. */
  deliverMail: 'mail-deliver',
  /** Every minute: enqueue QUEUED messages whose job was never sent (a crash after commit). */
  sweepMail: 'mail-sweep',
  /** Every hour: build the daily digest of whoever is at 07:00 local time. */
  digestMail: 'mail-digest',
  /** Every 5 minutes: the timed notices (reminders, window starting, start missed, overrun, review due, freeze starting). Idempotent. */
  timedNotices: 'notices-timed',
  /** POST one WebhookDelivery: { deliveryId }. */
  deliverWebhook: 'webhook-deliver',
  /** Every minute: enqueue QUEUED webhook deliveries whose job was never sent. */
  sweepWebhooks: 'webhook-sweep',
} as const

export type DeliverMailJob = { messageId: string }
export type DeliverWebhookJob = { deliveryId: string }

export type RetryPolicy = { retryLimit: number; retryDelay: number; retryBackoff: boolean }
/** 30 s, 1, 2, 4, 8, 16 min: about half an hour of SMTP outage before a message is marked FAILED. */
export const DEFAULT_RETRY: RetryPolicy = { retryLimit: 6, retryDelay: 30, retryBackoff: true }
/** Webhooks, the same style: 30 s doubling to 16 min, then FAILED in the delivery log (an admin can retry). */
export const DEFAULT_WEBHOOK_RETRY: RetryPolicy = { retryLimit: 6, retryDelay: 30, retryBackoff: true }

const globalForBoss = globalThis as unknown as { changeboardBoss?: PgBoss }

/** The process's queue, once startJobs (or a test) registered one; null in scripts that never start it. */
export function registeredQueue(): PgBoss | null {
  return globalForBoss.changeboardBoss ?? null
}

export function registerQueue(boss: PgBoss | null): void {
  globalForBoss.changeboardBoss = boss ?? undefined
}

export function createQueue(connectionString = env().DATABASE_URL): PgBoss {
  const boss = new PgBoss({ connectionString, schema: 'pgboss', application_name: 'changeboard-jobs', max: 4 })
  boss.on('error', (error) => log().error({ err: error }, 'job queue error'))
  return boss
}

/** Creates the queues (idempotent; concurrent starts are safe) with their retry policy. */
export async function ensureQueues(boss: PgBoss, retry: RetryPolicy = DEFAULT_RETRY, webhookRetry: RetryPolicy = DEFAULT_WEBHOOK_RETRY): Promise<void> {
  const policies: Partial<Record<string, RetryPolicy>> = { [QUEUES.deliverMail]: retry, [QUEUES.deliverWebhook]: webhookRetry }
  for (const name of Object.values(QUEUES)) {
    const policy = policies[name]
    const existing = await boss.getQueue(name)
    if (!existing) await boss.createQueue(name, { name, ...(policy ?? { retryLimit: 2 }) })
    else if (policy) await boss.updateQueue(name, { name, ...policy })
  }
}

/** pg-boss's `db` option: its INSERT runs on the caller's Prisma transaction. */
function transactionDb(tx: Tx) {
  return {
    executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }),
  }
}

/**
 * The jobs for webhook deliveries just written in `tx`, inserted by the same
 * transaction (as enqueueDeliveries does for mail): a rollback leaves neither
 * row nor job. Without a registered queue the webhook sweep picks them up.
 */
export async function enqueueWebhookDeliveries(tx: Tx, deliveryIds: readonly string[]): Promise<void> {
  const boss = registeredQueue()
  if (!boss || deliveryIds.length === 0) return
  const db = transactionDb(tx)
  for (const deliveryId of deliveryIds) {
    await boss.send(QUEUES.deliverWebhook, { deliveryId } satisfies DeliverWebhookJob, { singletonKey: deliveryId, db })
  }
}

/**
 * The delivery jobs for messages just written in `tx`: inserted by the same
 * transaction, so they exist exactly when the messages commit. Without a
 * registered queue (a script, a test without workers) the sweep picks the
 * messages up later; nothing is lost either way.
 */
export async function enqueueDeliveries(tx: Tx, messageIds: readonly string[]): Promise<void> {
  const boss = registeredQueue()
  if (!boss || messageIds.length === 0) return
  const db = transactionDb(tx)
  for (const messageId of messageIds) {
    await boss.send(QUEUES.deliverMail, { messageId } satisfies DeliverMailJob, { singletonKey: messageId, db })
  }
}
