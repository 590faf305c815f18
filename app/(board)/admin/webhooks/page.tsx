import type { Metadata } from 'next'
import Link from 'next/link'
import { WebhookForm } from '@/components/admin/webhook-form'
import { WebhookButton } from '@/components/admin/webhook-button'
import { formatInZone } from '@/lib/domain/time/zoned'
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, isWebhookEvent } from '@/lib/domain/webhooks/events'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { viewerTimeZone } from '@/lib/server/viewer'
import { listWebhooks } from '@/lib/server/webhooks/manage-webhooks'
import { createWebhookAction, deactivateWebhookAction, deleteWebhookAction } from './actions'

export const metadata: Metadata = { title: 'Webhooks' }

export default async function WebhooksPage() {
  const actor = await requireActor()
  forbidIfCannot(actor, 'webhook:manage')
  const hooks = await listWebhooks(actor)
  const timeZone = viewerTimeZone(actor)
  const events = WEBHOOK_EVENTS.map((value) => ({ value, label: WEBHOOK_EVENT_LABELS[value] }))
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Webhooks</h1>
      <p className="max-w-3xl text-slate-700">
        Changeboard POSTs each event you choose to your URL as JSON, signed with the webhook’s secret in the{' '}
        <code>Changeboard-Signature</code> header (see the README, “Webhooks”). Failed deliveries are retried with backoff; each webhook’s
        delivery log shows every attempt.
      </p>

      <section aria-labelledby="webhooks-heading" className="space-y-4">
        <h2 id="webhooks-heading" className="text-xl font-semibold">
          Registered webhooks
        </h2>
        {hooks.length === 0 ? (
          <p>No webhooks yet.</p>
        ) : (
          <table className="w-full border-collapse bg-white text-left text-sm">
            <caption className="sr-only">Registered webhooks</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="p-2">URL</th>
                <th scope="col" className="p-2">Events</th>
                <th scope="col" className="p-2">Status</th>
                <th scope="col" className="p-2">Registered</th>
                <th scope="col" className="p-2">Actions</th>
              </tr>
            </thead>
            <tbody>
              {hooks.map((hook) => (
                <tr key={hook.id} className="border-b border-slate-200 align-top">
                  <td className="p-2 break-all">
                    <Link href={`/admin/webhooks/${hook.id}`} className="link">
                      {hook.url}
                    </Link>
                  </td>
                  <td className="p-2">{hook.events.map((e) => (isWebhookEvent(e) ? WEBHOOK_EVENT_LABELS[e] : e)).join(', ')}</td>
                  <td className="p-2">{hook.active ? 'Active' : 'Inactive'}</td>
                  <td className="p-2">
                    {formatInZone(hook.createdAt, timeZone)} by {hook.createdBy.name}
                  </td>
                  <td className="space-y-2 p-2">
                    <Link href={`/admin/webhooks/${hook.id}`} className="link block" aria-label={`Delivery log of ${hook.url}`}>
                      Delivery log
                    </Link>
                    {hook.active ? (
                      <WebhookButton action={deactivateWebhookAction} fields={{ webhookId: hook.id }} label="Deactivate" accessibleLabel={`Deactivate ${hook.url}`} />
                    ) : null}
                    <WebhookButton
                      action={deleteWebhookAction}
                      fields={{ webhookId: hook.id }}
                      label="Delete"
                      accessibleLabel={`Delete ${hook.url}`}
                      confirm="Delete this webhook and its delivery log?"
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="new-webhook-heading" className="space-y-4">
        <h2 id="new-webhook-heading" className="text-xl font-semibold">
          New webhook
        </h2>
        <WebhookForm action={createWebhookAction} events={events} />
      </section>
    </div>
  )
}
