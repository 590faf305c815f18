import Link from 'next/link'
import { CHANGE_TYPE_LABELS, RISK_LEVEL_LABELS } from '@/lib/domain/shared/types'
import { formatInZone } from '@/lib/domain/time/zoned'
import type { AwaitingSignOff } from '@/lib/server/sign-offs/list-awaiting-sign-off'

// The use case's own row type (a type-only import: nothing server-side reaches the client).
export type AwaitingItem = AwaitingSignOff

function ChangesSince({ item }: { item: AwaitingItem }) {
  if (!item.lastSigned) return <p className="text-sm">You have not signed any revision of this change yet.</p>
  return (
    <div>
      <p className="text-sm font-medium">
        You {item.lastSigned.decision === 'APPROVED' ? 'approved' : 'rejected'} revision {item.lastSigned.revision}. Changed since then:
      </p>
      {item.changesSinceLastSigned.length === 0 ? (
        <p className="text-sm">No material difference found.</p>
      ) : (
        <dl className="ml-4 text-sm">
          {item.changesSinceLastSigned.map((d) => (
            <div key={d.field} className="mt-1">
              <dt className="font-medium">{d.label}</dt>
              <dd>
                <span className="line-through">{d.before}</span> → {d.after}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  )
}

/** The approver inbox: each change awaiting the viewer's written sign-off. */
export function AwaitingList({ items, timeZone }: { items: AwaitingItem[]; timeZone: string }) {
  if (items.length === 0) return <p>Nothing awaits your sign-off.</p>
  return (
    <ul aria-label="Changes awaiting my sign-off" className="space-y-4">
      {items.map((item) => (
        <li key={item.id} className="space-y-2 rounded border border-slate-300 p-4">
          <h2 className="text-lg font-semibold">
            <Link href={`/changes/${item.id}`} className="link">
              {item.number}: {item.title}
            </Link>
          </h2>
          <p className="text-sm text-slate-700">
            Revision {item.revision} · {CHANGE_TYPE_LABELS[item.type]} change · Risk: {RISK_LEVEL_LABELS[item.riskLevel]} · Requested by{' '}
            {item.requesterName} · Services: {item.serviceNames.join(', ') || 'none'}
          </p>
          <p className="text-sm">
            Window:{' '}
            {item.windowStart && item.windowEnd
              ? `${formatInZone(item.windowStart, timeZone)} to ${formatInZone(item.windowEnd, timeZone)}`
              : 'not set'}
          </p>
          <p className="line-clamp-3 whitespace-pre-wrap">{item.purpose}</p>
          <ChangesSince item={item} />
        </li>
      ))}
    </ul>
  )
}
