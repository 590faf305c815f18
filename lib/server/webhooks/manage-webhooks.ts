import 'server-only'
import { z } from 'zod'
import { WEBHOOK_DELIVERY_STATUS_LABELS, type WebhookDeliveryStatusName } from '@/lib/domain/webhooks/events'
import type { Actor } from '@/lib/domain/shared/types'
import { env } from '@/lib/env'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { enqueueWebhookDeliveries } from '@/lib/server/jobs/queue'
import { parseInput } from '@/lib/server/validation'
import {
  ZCreateWebhookInput,
  type TCreateWebhookInput,
  type TListWebhookDeliveriesInput,
  type TRetryWebhookDeliveryInput,
  type TWebhookIdInput,
} from './schemas'
import { generateWebhookSecret, sealWebhookSecret } from './secret-box'
import { resolvedAddressProblem } from './url-guard'

export type WebhookItem = { id: string; url: string; events: string[]; active: boolean; createdAt: Date; createdBy: { name: string } }

export type WebhookDeliveryItem = {
  id: string
  event: string
  status: WebhookDeliveryStatusName
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
  createdAt: Date
  deliveredAt: Date | null
}

/** Deliveries per page of a webhook's log. */
export const WEBHOOK_DELIVERY_PAGE_SIZE = 25

/**
 * Registers a webhook. The URL is checked twice: by the schema (https, no
 * literal private address) and here by resolving it (no name resolving to a
 * private, loopback or link-local address). The secret is generated unless the
 * admin pasted one, stored encrypted, and returned once.
 */
export async function createWebhook(actor: Actor, raw: TCreateWebhookInput): Promise<{ id: string; secret: string; generated: boolean }> {
  assertCan(actor, 'webhook:manage')
  const input = parseInput(ZCreateWebhookInput, raw)
  const problem = await resolvedAddressProblem(input.url, { allowHttp: env().WEBHOOKS_ALLOW_HTTP })
  if (problem) throw new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors: { url: [problem] } })
  const secret = input.secret ?? generateWebhookSecret()
  const id = await prisma.$transaction(async (tx) => {
    const hook = await tx.webhook.create({
      data: { url: input.url, secret: sealWebhookSecret(secret), events: input.events, createdById: actor.id },
      select: { id: true },
    })
    await recordAudit(tx, [
      { action: 'webhook.created', actorId: actor.id, entityType: 'webhook', entityId: hook.id, details: { webhookId: hook.id, url: input.url, events: input.events } },
    ])
    return hook.id
  })
  return { id, secret, generated: input.secret === undefined }
}

export async function listWebhooks(actor: Actor): Promise<WebhookItem[]> {
  assertCan(actor, 'webhook:manage')
  return prisma.webhook.findMany({
    orderBy: [{ active: 'desc' }, { createdAt: 'desc' }],
    select: { id: true, url: true, events: true, active: true, createdAt: true, createdBy: { select: { name: true } } },
  })
}

export async function getWebhook(actor: Actor, input: TWebhookIdInput): Promise<WebhookItem> {
  assertCan(actor, 'webhook:manage')
  const hook = await prisma.webhook.findUnique({
    where: { id: input.webhookId },
    select: { id: true, url: true, events: true, active: true, createdAt: true, createdBy: { select: { name: true } } },
  })
  if (!hook) throw new AppError('NOT_FOUND', 'This webhook does not exist.')
  return hook
}

/** Stops new deliveries (queued ones fail with that reason); the log stays. */
export async function deactivateWebhook(actor: Actor, input: TWebhookIdInput): Promise<void> {
  assertCan(actor, 'webhook:manage')
  await prisma.$transaction(async (tx) => {
    const hook = await tx.webhook.findUnique({ where: { id: input.webhookId }, select: { id: true, url: true, active: true } })
    if (!hook) throw new AppError('NOT_FOUND', 'This webhook does not exist.')
    if (!hook.active) throw new AppError('CONFLICT', 'This webhook is already inactive.')
    await tx.webhook.update({ where: { id: hook.id }, data: { active: false } })
    await recordAudit(tx, [{ action: 'webhook.deactivated', actorId: actor.id, entityType: 'webhook', entityId: hook.id, details: { webhookId: hook.id, url: hook.url } }])
  })
}

/** Removes the webhook and its delivery log; the audit trail keeps that it existed. */
export async function deleteWebhook(actor: Actor, input: TWebhookIdInput): Promise<void> {
  assertCan(actor, 'webhook:manage')
  await prisma.$transaction(async (tx) => {
    const hook = await tx.webhook.findUnique({ where: { id: input.webhookId }, select: { id: true, url: true } })
    if (!hook) throw new AppError('NOT_FOUND', 'This webhook does not exist.')
    await tx.webhook.delete({ where: { id: hook.id } })
    await recordAudit(tx, [{ action: 'webhook.deleted', actorId: actor.id, entityType: 'webhook', entityId: hook.id, details: { webhookId: hook.id, url: hook.url } }])
  })
}

const ZCursor = z.object({ t: z.iso.datetime(), i: z.uuid() })

function decodeCursor(text: string | undefined): { createdAt: Date; id: string } | null {
  if (!text) return null
  try {
    const parsed = ZCursor.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')))
    return parsed.success ? { createdAt: new Date(parsed.data.t), id: parsed.data.i } : null
  } catch {
    return null
  }
}

/** One webhook's delivery log, newest first, a page at a time on (webhookId, createdAt desc, id). */
export async function listWebhookDeliveries(actor: Actor, input: TListWebhookDeliveriesInput): Promise<{ items: WebhookDeliveryItem[]; next: string | null }> {
  assertCan(actor, 'webhook:manage')
  const cursor = decodeCursor(input.after)
  const rows = await prisma.webhookDelivery.findMany({
    where: {
      webhookId: input.webhookId,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: WEBHOOK_DELIVERY_PAGE_SIZE + 1,
    select: { id: true, event: true, status: true, attempts: true, lastStatusCode: true, lastError: true, createdAt: true, deliveredAt: true },
  })
  const items = rows.slice(0, WEBHOOK_DELIVERY_PAGE_SIZE)
  const last = items.at(-1)
  const next = rows.length > WEBHOOK_DELIVERY_PAGE_SIZE && last ? Buffer.from(JSON.stringify({ t: last.createdAt.toISOString(), i: last.id })).toString('base64url') : null
  return { items, next }
}

/** A FAILED delivery back to the queue with the same payload and id (receivers deduplicate on it); its history is kept. */
export async function retryWebhookDelivery(actor: Actor, input: TRetryWebhookDeliveryInput): Promise<{ webhookId: string }> {
  assertCan(actor, 'webhook:manage')
  return prisma.$transaction(async (tx) => {
    const delivery = await tx.webhookDelivery.findUnique({
      where: { id: input.deliveryId },
      select: { id: true, webhookId: true, event: true, status: true, attempts: true, lastError: true, webhook: { select: { active: true } } },
    })
    if (!delivery) throw new AppError('NOT_FOUND', 'That delivery is not in the log.')
    if (delivery.status !== 'FAILED') {
      throw new AppError('CONFLICT', `Only failed deliveries can be retried; this one is ${WEBHOOK_DELIVERY_STATUS_LABELS[delivery.status].toLowerCase()}.`)
    }
    if (!delivery.webhook.active) throw new AppError('CONFLICT', 'This webhook is inactive; register it again to deliver to it.')
    const { count } = await tx.webhookDelivery.updateMany({ where: { id: delivery.id, status: 'FAILED' }, data: { status: 'QUEUED', claimedUntil: null } })
    if (count === 0) throw new AppError('CONFLICT', 'Someone else retried this delivery a moment ago.')
    await recordAudit(tx, [
      {
        action: 'webhook.delivery-retried',
        actorId: actor.id,
        entityType: 'webhook',
        entityId: delivery.webhookId,
        details: { webhookId: delivery.webhookId, deliveryId: delivery.id, event: delivery.event, attempts: delivery.attempts, lastError: delivery.lastError },
      },
    ])
    await enqueueWebhookDeliveries(tx, [delivery.id])
    return { webhookId: delivery.webhookId }
  })
}
