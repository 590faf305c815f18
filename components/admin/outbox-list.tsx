import Link from 'next/link'
import type { ActionState } from '@/lib/action-state'
import { MAIL_STATUS_LABELS, canRetryMail } from '@/lib/domain/notifications/mail-status'
import { formatInZone } from '@/lib/domain/time/zoned'
import type { OutboxItem } from '@/lib/server/notifications/outbox'
import { RetryMailForm } from './retry-mail-form'

type Props = {
  items: OutboxItem[]
  timeZone: string
  /** The status filter in view (ALL or a status). */
  filter: string
  retryAction: (state: ActionState, formData: FormData) => Promise<ActionState>
}

const STATUS_STYLE: Record<OutboxItem['status'], string> = {
  QUEUED: 'border-slate-400 bg-slate-50 text-slate-900',
  SENT: 'border-green-700 bg-green-50 text-green-900',
  STORED: 'border-blue-700 bg-blue-50 text-blue-900',
  FAILED: 'border-red-700 bg-red-50 text-red-900',
  HELD: 'border-amber-700 bg-amber-50 text-amber-950',
  DIGESTED: 'border-slate-400 bg-slate-50 text-slate-900',
}

/**
 * The outbox, newest first. Each message opens to exactly what is sent: the
 * address, the subject, the plain-text part, the HTML part as source (never
 * rendered here) and the calendar invitation when there is one.
 */
export function OutboxList({ items, timeZone, filter, retryAction }: Props) {
  if (items.length === 0) return <p className="text-slate-700">No messages match.</p>
  return (
    <ul className="divide-y divide-slate-200 rounded border border-slate-300 bg-white">
      {items.map((item) => (
        <li key={item.id} className="space-y-2 p-4" aria-labelledby={`mail-${item.id}-subject`}>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p id={`mail-${item.id}-subject`} className="font-medium">
              {item.subject}
            </p>
            <p className={`rounded border px-2 py-0.5 text-sm font-semibold ${STATUS_STYLE[item.status]}`}>{MAIL_STATUS_LABELS[item.status]}</p>
          </div>
          <p className="text-sm text-slate-700">
            To {item.recipient.name} &lt;{item.toAddress}&gt; · written {formatInZone(item.createdAt, timeZone)}
            {item.sentAt ? ` · ${item.status === 'STORED' ? 'kept' : 'sent'} ${formatInZone(item.sentAt, timeZone)}` : ''}
            {item.attempts > 0 ? ` · ${item.attempts} ${item.attempts === 1 ? 'attempt' : 'attempts'}` : ''}
            {item.changeId ? (
              <>
                {' · '}
                <Link className="link" href={`/changes/${item.changeId}`}>
                  Open the change
                </Link>
              </>
            ) : null}
          </p>
          {item.lastError && (item.status === 'FAILED' || item.status === 'QUEUED') ? (
            <p className="text-sm text-red-900">
              <span className="font-semibold">{item.status === 'FAILED' ? 'Last error: ' : 'Previous error (retrying): '}</span>
              {item.lastError}
            </p>
          ) : null}
          {canRetryMail(item.status) ? <RetryMailForm action={retryAction} messageId={item.id} subject={item.subject} filter={filter} /> : null}
          <details className="rounded border border-slate-200 bg-slate-50 p-3">
            <summary className="cursor-pointer font-medium">Show the message as sent</summary>
            <dl className="mt-3 space-y-3 text-sm">
              <div>
                <dt className="font-semibold">To</dt>
                <dd>
                  {item.recipient.name} &lt;{item.toAddress}&gt;
                </dd>
              </div>
              <div>
                <dt className="font-semibold">Subject</dt>
                <dd>{item.subject}</dd>
              </div>
              <div>
                <dt className="font-semibold">Plain-text part</dt>
                <dd>
                  <pre className="mt-1 overflow-x-auto whitespace-pre-wrap rounded border border-slate-300 bg-white p-2">{item.text}</pre>
                </dd>
              </div>
              <div>
                <dt className="font-semibold">HTML part (source)</dt>
                <dd>
                  <pre className="mt-1 overflow-x-auto whitespace-pre-wrap rounded border border-slate-300 bg-white p-2">{item.html}</pre>
                </dd>
              </div>
              <div>
                <dt className="font-semibold">Attachment</dt>
                <dd>
                  {item.ics ? (
                    <>
                      invite.ics (calendar invitation)
                      <pre className="mt-1 overflow-x-auto whitespace-pre-wrap rounded border border-slate-300 bg-white p-2">{item.ics}</pre>
                    </>
                  ) : (
                    'None'
                  )}
                </dd>
              </div>
            </dl>
          </details>
        </li>
      ))}
    </ul>
  )
}
