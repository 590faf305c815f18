// Outgoing webhooks (issue 12, item 6): the event kinds a webhook can
// subscribe to, and the one rule that says when a status change moves the gate.
import type { ChangeStatus } from '../shared/types'

export const WEBHOOK_EVENTS = ['change.status_changed', 'signoff.recorded', 'freeze.saved', 'gate.changed'] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  'change.status_changed': 'Change status changed',
  'signoff.recorded': 'Sign-off recorded',
  'freeze.saved': 'Freeze declared or changed',
  'gate.changed': 'Gate decision changed for a service',
}

export function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value)
}

/** The statuses in which a change can authorise a deployment (the pipeline gate's ALLOW). */
const AUTHORISING: ReadonlySet<ChangeStatus> = new Set<ChangeStatus>(['SCHEDULED', 'IN_PROGRESS'])

/**
 * Whether a status change can change the gate's decision for the change's
 * services: it enters or leaves SCHEDULED/IN_PROGRESS. SCHEDULED → IN_PROGRESS
 * counts too (the change now runs), so a pipeline waiting on it re-asks.
 * Deliberately simple: the gate is evaluated afresh on every call, and this
 * event only says "ask again", never what the answer is.
 */
export function statusChangeMovesGate(from: ChangeStatus, to: ChangeStatus): boolean {
  return from !== to && (AUTHORISING.has(from) || AUTHORISING.has(to))
}

/** The JSON body of every delivery; `id` is the delivery's id, stable across retries (for idempotency). */
export type WebhookPayload = {
  id: string
  event: WebhookEvent
  occurredAt: string
  data: Record<string, unknown>
}

/** A payload larger than this is refused when it is written (it never is: payloads carry ids, numbers and names). */
export const WEBHOOK_PAYLOAD_MAX_BYTES = 16 * 1024

/** What is kept of a receiver's answer in the delivery log. */
export const WEBHOOK_RESPONSE_EXCERPT_CHARS = 200

export type WebhookDeliveryStatusName = 'QUEUED' | 'DELIVERED' | 'FAILED'
export const WEBHOOK_DELIVERY_STATUS_LABELS: Record<WebhookDeliveryStatusName, string> = {
  QUEUED: 'Queued',
  DELIVERED: 'Delivered',
  FAILED: 'Failed',
}

/**
 * Whether an HTTP answer is worth another attempt: server errors, 408 and 429
 * are; other 4xx mean the receiver refused this request and will again.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429
}
