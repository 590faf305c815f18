'use server'

import { formAction, formValues } from '@/lib/server/form-action'
import { createWebhook, deactivateWebhook, deleteWebhook, retryWebhookDelivery } from '@/lib/server/webhooks/manage-webhooks'
import { ZCreateWebhookInput, ZRetryWebhookDeliveryInput, ZWebhookIdInput } from '@/lib/server/webhooks/schemas'

export const createWebhookAction = formAction(
  ZCreateWebhookInput,
  async (actor, input) => {
    const created = await createWebhook(actor, input)
    return {
      message: created.generated
        ? `Webhook for ${input.url} registered. Copy its signing secret now: it will not be shown again.`
        : `Webhook for ${input.url} registered with the secret you gave.`,
      ...(created.generated ? { reveal: created.secret } : {}),
      revalidate: ['/admin/webhooks'],
    }
  },
  // Event kinds are a checkbox group; a pasted secret is never sent back to the browser.
  { read: (formData) => ({ ...formValues(formData), events: formData.getAll('events').filter((v): v is string => typeof v === 'string') }), secret: ['secret'] },
)

export const deactivateWebhookAction = formAction(ZWebhookIdInput, async (actor, input) => {
  await deactivateWebhook(actor, input)
  return { message: 'Webhook deactivated.', revalidate: ['/admin/webhooks', `/admin/webhooks/${input.webhookId}`] }
})

export const deleteWebhookAction = formAction(ZWebhookIdInput, async (actor, input) => {
  await deleteWebhook(actor, input)
  return { message: 'Webhook deleted.', revalidate: ['/admin/webhooks'], redirect: '/admin/webhooks' }
})

export const retryWebhookDeliveryAction = formAction(ZRetryWebhookDeliveryInput, async (actor, input) => {
  const { webhookId } = await retryWebhookDelivery(actor, input)
  return { message: 'Queued for delivery again.', revalidate: [`/admin/webhooks/${webhookId}`] }
})
