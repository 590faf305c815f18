import 'server-only'
import { randomUUID } from 'node:crypto'
import { WEBHOOK_PAYLOAD_MAX_BYTES, type WebhookEvent, type WebhookPayload } from '@/lib/domain/webhooks/events'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { Tx } from '@/lib/server/db'
import { enqueueWebhookDeliveries } from '@/lib/server/jobs/queue'
import { log } from '@/lib/server/log'

/**
 * The one writer of webhook deliveries: one outbox row per active webhook
 * subscribed to `event`, and its delivery job, inside the caller's
 * transaction. A state change that rolls back leaves neither; one that commits
 * is delivered even if the process dies right after (the sweep re-enqueues).
 * `data` carries ids, numbers, names and times only: never a secret, a
 * sign-off statement or a signature.
 */
export async function emitWebhookEvent(tx: Tx, event: WebhookEvent, data: Record<string, unknown>, occurredAt: Date = new Date()): Promise<string[]> {
  const hooks = await tx.webhook.findMany({ where: { active: true, events: { has: event } }, select: { id: true } })
  if (hooks.length === 0) return []
  const rows = hooks.map((hook) => {
    const id = randomUUID()
    const payload: WebhookPayload = { id, event, occurredAt: occurredAt.toISOString(), data: bounded(event, data) }
    return { id, webhookId: hook.id, event, payload: payload as unknown as Prisma.InputJsonObject, createdAt: occurredAt }
  })
  await tx.webhookDelivery.createMany({ data: rows })
  const ids = rows.map((r) => r.id)
  await enqueueWebhookDeliveries(tx, ids)
  return ids
}

/** Payloads are small by construction; one that is not is cut to a marker rather than sent (or failing the change). */
function bounded(event: WebhookEvent, data: Record<string, unknown>): Record<string, unknown> {
  const size = Buffer.byteLength(JSON.stringify(data), 'utf8')
  if (size <= WEBHOOK_PAYLOAD_MAX_BYTES) return data
  log().warn({ event, size }, 'webhook payload too large; sent without its data')
  return { truncated: true, reason: `The event's data (${size} bytes) exceeded ${WEBHOOK_PAYLOAD_MAX_BYTES} bytes.` }
}
