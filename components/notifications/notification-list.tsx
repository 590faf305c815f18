import Link from 'next/link'
import { formatInZone } from '@/lib/domain/time/zoned'
import type { NotificationItem } from '@/lib/server/notifications/inbox'

/** Unread notices carry the word "New", not only a colour. */
export function NotificationList({ items, timeZone }: { items: NotificationItem[]; timeZone: string }) {
  if (items.length === 0) return <p className="text-slate-700">You have no notifications.</p>
  return (
    <ul className="divide-y divide-slate-200 rounded border border-slate-300 bg-white">
      {items.map((item) => (
        <li key={item.id} className={`p-4 ${item.read ? '' : 'bg-amber-50'}`}>
          <p>
            {item.read ? null : <span className="mr-2 rounded bg-amber-200 px-1.5 py-0.5 text-xs font-semibold text-amber-950">New</span>}
            {item.message}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {formatInZone(item.createdAt, timeZone)}
            {item.change ? (
              <>
                {' · '}
                <Link className="link" href={`/changes/${item.change.id}`}>
                  CHG-{String(item.change.number).padStart(6, '0')} {item.change.title}
                </Link>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  )
}
