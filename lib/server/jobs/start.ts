import 'server-only'
import type PgBoss from 'pg-boss'
import { deliverMail, smtpSender, strandedMessageIds, type MailSender } from '@/lib/server/notifications/deliver-mail'
import { buildDueDigests } from '@/lib/server/notifications/digest'
import { registerReadinessCheck, unregisterReadinessCheck } from '@/lib/server/health'
import { sendTimedNotices } from '@/lib/server/notifications/timed-notices'
import { deliverWebhook, strandedWebhookDeliveryIds } from '@/lib/server/webhooks/deliver'
import {
  createQueue,
  DEFAULT_RETRY,
  DEFAULT_WEBHOOK_RETRY,
  ensureQueues,
  QUEUES,
  registerQueue,
  type DeliverMailJob,
  type DeliverWebhookJob,
  type RetryPolicy,
} from './queue'

export type JobsOptions = {
  connectionString?: string
  retry?: RetryPolicy
  /** Webhook deliveries' retry policy (tests use a short one). */
  webhookRetry?: RetryPolicy
  /** Defaults to SMTP_URL's server, or the local outbox when unset. */
  send?: MailSender | null
  /** How often idle workers look for jobs; tests poll faster. */
  pollingIntervalSeconds?: number
  /** The sweep's grace before it re-enqueues a QUEUED message. */
  strandedAfterSeconds?: number
}

/**
 * Starts the job queue inside this process (instrumentation.ts calls it when
 * the app boots): mail delivery with retries and backoff, the outbox sweep
 * every minute and the digests every hour. Every instance runs the same
 * workers; pg-boss hands each job to one of them.
 */
export async function startJobs(options: JobsOptions = {}): Promise<{ boss: PgBoss; stop: () => Promise<void> }> {
  const boss = createQueue(options.connectionString)
  await boss.start()
  const retry = options.retry ?? DEFAULT_RETRY
  await ensureQueues(boss, retry, options.webhookRetry ?? DEFAULT_WEBHOOK_RETRY)
  const send = options.send === undefined ? smtpSender() : options.send
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }

  await boss.work<DeliverMailJob>(QUEUES.deliverMail, { ...polling, batchSize: 1, includeMetadata: true }, async ([job]) => {
    if (!job) return
    await deliverMail(job.data.messageId, { send, lastAttempt: job.retryCount >= job.retryLimit })
  })
  await boss.work(QUEUES.sweepMail, polling, async () => {
    for (const messageId of await strandedMessageIds(options.strandedAfterSeconds)) {
      await boss.send(QUEUES.deliverMail, { messageId } satisfies DeliverMailJob, { singletonKey: messageId })
    }
  })
  await boss.work(QUEUES.digestMail, polling, async () => {
    for (const messageId of await buildDueDigests(new Date())) {
      await boss.send(QUEUES.deliverMail, { messageId } satisfies DeliverMailJob, { singletonKey: messageId })
    }
  })
  // Cron schedules are stored once per queue and fired by one instance.
  await boss.schedule(QUEUES.sweepMail, '* * * * *')
  await boss.schedule(QUEUES.digestMail, '0 * * * *')

  // Timed notices (issue 11, item 3): every five minutes. Each notice is keyed
  // (TimedNoticeSent), so a run repeated or racing another instance sends it once;
  // their delivery jobs are enqueued by notify() in each notice's transaction.
  await boss.work(QUEUES.timedNotices, polling, async () => {
    await sendTimedNotices(new Date())
  })
  await boss.schedule(QUEUES.timedNotices, '*/5 * * * *')
  // Outgoing webhooks (issue 12, item 6): one POST per job, retried with the queue's
  // backoff on 5xx, 408, 429, timeouts and network errors; a sweep for stranded rows.
  await boss.work<DeliverWebhookJob>(QUEUES.deliverWebhook, { ...polling, batchSize: 1, includeMetadata: true }, async ([job]) => {
    if (!job) return
    await deliverWebhook(job.data.deliveryId, { lastAttempt: job.retryCount >= job.retryLimit })
  })
  await boss.work(QUEUES.sweepWebhooks, polling, async () => {
    for (const deliveryId of await strandedWebhookDeliveryIds(options.strandedAfterSeconds)) {
      await boss.send(QUEUES.deliverWebhook, { deliveryId } satisfies DeliverWebhookJob, { singletonKey: deliveryId })
    }
  })
  await boss.schedule(QUEUES.sweepWebhooks, '* * * * *')
  registerQueue(boss)
  // Ready only while the workers run and their tables answer.
  let running = true
  registerReadinessCheck('jobs', async () => running && (await boss.getQueue(QUEUES.deliverMail)) !== null)
  return {
    boss,
    stop: async () => {
      running = false
      unregisterReadinessCheck('jobs')
      registerQueue(null)
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 })
    },
  }
}
