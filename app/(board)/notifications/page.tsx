import Link from 'next/link'
import { NotificationList } from '@/components/notifications/notification-list'
import { requireActor } from '@/lib/server/authz'
import { viewerTimeZone } from '@/lib/server/viewer'
import { countUnreadNotifications, listNotifications } from '@/lib/server/notifications/inbox'
import { markAllReadAction } from './actions'

export const metadata = { title: 'Notifications · Changeboard' }

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ after?: string | string[] }> }) {
  const actor = await requireActor()
  const { after } = await searchParams
  const [page, unread] = await Promise.all([
    listNotifications(actor, typeof after === 'string' ? after : undefined),
    countUnreadNotifications(actor),
  ])
  const timeZone = viewerTimeZone(actor)
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Notifications</h1>
        {unread.count > 0 ? (
          <form action={markAllReadAction}>
            <button type="submit" className="btn-secondary">
              Mark all as read
            </button>
          </form>
        ) : null}
      </div>
      <NotificationList items={page.items} timeZone={timeZone} />
      {page.next || page.older ? (
        <nav aria-label="Notification pages" className="flex gap-4">
          {page.older ? (
            <Link className="link" href="/notifications">
              Newest notifications
            </Link>
          ) : null}
          {page.next ? (
            <Link className="link" href={`/notifications?after=${encodeURIComponent(page.next)}`}>
              Older notifications
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  )
}
