import type { Metadata } from 'next'
import Link from 'next/link'
import { z } from 'zod'
import { OutboxList } from '@/components/admin/outbox-list'
import { MAIL_STATUS_LABELS, MAIL_STATUSES } from '@/lib/domain/notifications/mail-status'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { listOutbox } from '@/lib/server/notifications/outbox'
import { ZListOutboxInput, type TListOutboxInput } from '@/lib/server/notifications/schemas'
import { viewerTimeZone } from '@/lib/server/viewer'
import { retryMailAction } from './actions'

export const metadata: Metadata = { title: 'Outbox' }

const FILTERS: { status: TListOutboxInput['status']; label: string }[] = [
  { status: 'ALL', label: 'All' },
  ...MAIL_STATUSES.map((status) => ({ status, label: MAIL_STATUS_LABELS[status] })),
]

function outboxHref(status: TListOutboxInput['status'], after?: string): string {
  const params = new URLSearchParams()
  if (status !== 'ALL') params.set('status', status)
  if (after) params.set('after', after)
  const query = params.toString()
  return query ? `/admin/outbox?${query}` : '/admin/outbox'
}

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor()
  forbidIfCannot(actor, 'outbox:manage')
  const query = await searchParams
  const input = ZListOutboxInput.parse({
    status: typeof query.status === 'string' ? query.status : undefined,
    after: typeof query.after === 'string' ? query.after : undefined,
  })
  const page = await listOutbox(actor, input)
  const retried = typeof query.retried === 'string' && z.uuid().safeParse(query.retried).success
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Outbox</h1>
      <p className="max-w-3xl text-slate-700">
        Every e-mail Changeboard writes, newest first. When <code>SMTP_URL</code> is unset, messages are not sent but kept here (“Kept
        locally”) exactly as they would be sent: recipient, subject, plain text, HTML and calendar invitation. Failed deliveries show their
        last error and can be retried.
      </p>
      {retried ? (
        <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2 text-green-900">
          Queued for delivery again. The message is back in the queue: find it under All or Queued until it is sent.
        </p>
      ) : null}
      <nav aria-label="Filter by status">
        <ul className="flex flex-wrap gap-1">
          {FILTERS.map((filter) => {
            const current = filter.status === input.status
            return (
              <li key={filter.status}>
                <Link
                  href={outboxHref(filter.status)}
                  aria-current={current ? 'page' : undefined}
                  className={`block rounded border px-3 py-1 ${current ? 'border-blue-800 bg-blue-800 text-white' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-100'}`}
                >
                  {filter.label}
                </Link>
              </li>
            )
          })}
        </ul>
      </nav>
      <OutboxList items={page.items} timeZone={viewerTimeZone(actor)} filter={input.status} retryAction={retryMailAction} />
      {page.next || page.older ? (
        <nav aria-label="Outbox pages" className="flex gap-4">
          {page.older ? (
            <Link className="link" href={outboxHref(input.status)}>
              Newest messages
            </Link>
          ) : null}
          {page.next ? (
            <Link className="link" href={outboxHref(input.status, page.next)}>
              Older messages
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  )
}
