import { z } from 'zod'
import { WEBHOOK_EVENTS } from '@/lib/domain/webhooks/events'
import { LIMITS } from '@/lib/domain/shared/limits'
import { env } from '@/lib/env'
import { webhookUrlProblem } from './url-guard'

// The input schemas of lib/server/webhooks: the single source of their input types.

export const WEBHOOK_SECRET_MIN = 16

export const ZCreateWebhookInput = z.object({
  url: z
    .string()
    .trim()
    .min(1, 'Enter the URL to deliver to.')
    .max(LIMITS.url, `At most ${LIMITS.url} characters.`)
    .superRefine((value, ctx) => {
      const problem = webhookUrlProblem(value, { allowHttp: env().WEBHOOKS_ALLOW_HTTP })
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
  /** Empty: Changeboard generates one and shows it once. */
  secret: z
    .string()
    .trim()
    .max(LIMITS.webhookSecret, `At most ${LIMITS.webhookSecret} characters.`)
    .refine((v) => v === '' || v.length >= WEBHOOK_SECRET_MIN, `At least ${WEBHOOK_SECRET_MIN} characters, or leave it empty to generate one.`)
    .optional()
    .transform((v) => (v ? v : undefined)),
  events: z
    .preprocess((v) => (typeof v === 'string' ? [v] : (v ?? [])), z.array(z.enum(WEBHOOK_EVENTS, 'Choose from the listed events.')))
    .refine((v) => v.length > 0, 'Choose at least one event.')
    .transform((v) => [...new Set(v)]),
})
export type TCreateWebhookInput = z.input<typeof ZCreateWebhookInput>

export const ZWebhookIdInput = z.object({ webhookId: z.uuid('Unknown webhook.') })
export type TWebhookIdInput = z.infer<typeof ZWebhookIdInput>

export const ZListWebhookDeliveriesInput = z.object({
  webhookId: z.uuid('Unknown webhook.'),
  after: z.string().max(500).optional().catch(undefined),
})
export type TListWebhookDeliveriesInput = z.infer<typeof ZListWebhookDeliveriesInput>

export const ZRetryWebhookDeliveryInput = z.object({ deliveryId: z.uuid('Unknown delivery.') })
export type TRetryWebhookDeliveryInput = z.infer<typeof ZRetryWebhookDeliveryInput>
