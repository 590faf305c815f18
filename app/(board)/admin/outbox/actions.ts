'use server'

import { formAction } from '@/lib/server/form-action'
import { retryMail } from '@/lib/server/notifications/outbox'
import { ZRetryMailInput } from '@/lib/server/notifications/schemas'

export const retryMailAction = formAction(ZRetryMailInput, async (actor, input) => {
  await retryMail(actor, input)
  return { message: 'Queued for delivery again.', revalidate: ['/admin/outbox'] }
})
