import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { WebhookButton } from '@/components/admin/webhook-button'
import { formatInZone } from '@/lib/domain/time/zoned'
import { WEBHOOK_DELIVERY_STATUS_LABELS, WEBHOOK_EVENT_LABELS, isWebhookEvent } from '@/lib/domain/webhooks/events'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { isAppError } from '@/lib/server/errors'
import { viewerTimeZone } from '@/lib/server/viewer'
import { getWebhook, listWebhookDeliveries } from '@/lib/server/webhooks/manage-webhooks'
import { ZListWebhookDeliveriesInput } from '@/lib/server/webhooks/schemas'
import { retryWebhookDeliveryAction } from '../actions'

export const metadata: Metadata = { title: 'Webhook delivery log' }

const label = (event: string) => (isWebhookEvent(event) ? `${WEBHOOK_EVENT_LABELS[event]} (${event})` : event)

export default async function WebhookPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const actor = await requireActor()
  forbidIfCannot(actor, 'webhook:manage')
  const { id } = await params
  const query = await searchParams
  const parsed = ZListWebhookDeliveriesInput.safeParse({ webhookId: id, after: typeof query.after === 'string' ? query.after : undefined })
  if (!parsed.success) notFound()
  const hook = await getWebhook(actor, { webhookId: parsed.data.webhookId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  const page = await listWebhookDeliveries(actor, parsed.data)
  const timeZone = viewerTimeZone(actor)
  return (
    <div className="space-y-6">
      <p>
        <Link href="/admin/webhooks" className="link">
          All webhooks
        </Link>
      </p>
      <h1 className="text-2xl font-semibold break-all">Webhook {hook.url}</h1>
      <p className="text-slate-700">
        {hook.active ? 'Active' : 'Inactive'} · events: {hook.events.map(label).join(', ')} · times in {timeZone}
      </p>
      <section aria-labelledby="deliveries-heading" className="space-y-4">
        <h2 id="deliveries-heading" className="text-xl font-semibold">
          Delivery log
        </h2>
        {page.items.length === 0 ? (
          <p>No deliveries yet.</p>
        ) : (
          <table className="w-full border-collapse bg-white text-left text-sm">
            <caption className="sr-only">Deliveries, newest first</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="p-2">Event</th>
                <th scope="col" className="p-2">Time</th>
                <th scope="col" className="p-2">Status</th>
                <th scope="col" className="p-2">Attempts</th>
                <th scope="col" className="p-2">Last status code</th>
                <th scope="col" className="p-2">Last error</th>
                <th scope="col" className="p-2">Action</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((d) => (
                <tr key={d.id} className="border-b border-slate-200 align-top">
                  <td className="p-2">{label(d.event)}</td>
                  <td className="p-2">{formatInZone(d.createdAt, timeZone)}</td>
                  <td className="p-2">
                    {WEBHOOK_DELIVERY_STATUS_LABELS[d.status]}
                    {d.deliveredAt ? ` ${formatInZone(d.deliveredAt, timeZone)}` : ''}
                  </td>
                  <td className="p-2">{d.attempts}</td>
                  <td className="p-2">{d.lastStatusCode ?? '—'}</td>
                  <td className="p-2 break-all">{d.lastError ?? '—'}</td>
                  <td className="p-2">
                    {d.status === 'FAILED' && hook.active ? (
                      <WebhookButton action={retryWebhookDeliveryAction} fields={{ deliveryId: d.id }} label="Retry" accessibleLabel={`Retry the ${d.event} delivery`} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page.next ? (
          <Link className="link" href={`/admin/webhooks/${hook.id}?after=${page.next}`}>
            Older deliveries
          </Link>
        ) : null}
      </section>
    </div>
  )
}
