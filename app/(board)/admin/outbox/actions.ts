'use server'

import { formAction } from '@/lib/server/form-action'
import { retryMail } from '@/lib/server/notifications/outbox'
import { ZListOutboxInput, ZRetryMailInput } from '@/lib/server/notifications/schemas'

export const retryMailAction = formAction(ZRetryMailInput, async (actor, input, values) => {
  await retryMail(actor, input)
  // Back to the list the admin was looking at, with a confirmation: the retried row itself
  // leaves the Failed list, so a message next to its button would vanish with it.
  const status = ZListOutboxInput.shape.status.parse(values.status)
  const params = new URLSearchParams({ ...(status === 'ALL' ? {} : { status }), retried: input.messageId })
  return { message: 'Queued for delivery again.', revalidate: ['/admin/outbox'], redirect: `/admin/outbox?${params.toString()}` }
})
