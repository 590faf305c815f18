import { z } from 'zod'
import { MAIL_STATUSES } from '@/lib/domain/notifications/mail-status'

// The input schemas of lib/server/notifications (the outbox): the single source of its input types.

/**
 * The outbox page's query string. An unknown status means all of them and a
 * cursor is opaque (a bad one means the newest page), so a hand-edited URL
 * shows a page rather than an error.
 */
export const ZListOutboxInput = z.object({
  status: z.enum(['ALL', ...MAIL_STATUSES]).catch('ALL').default('ALL'),
  after: z.string().max(500).optional().catch(undefined),
})
export type TListOutboxInput = z.infer<typeof ZListOutboxInput>

export const ZRetryMailInput = z.object({ messageId: z.uuid('Unknown message.') })
export type TRetryMailInput = z.infer<typeof ZRetryMailInput>
