import { NotificationList } from '@/components/notifications/notification-list'
import { requireActor } from '@/lib/server/authz'
import { viewerTimeZone } from '@/lib/server/users/viewer-time-zone'
import { listNotifications } from '@/lib/server/notifications/list-notifications'
import { markAllReadAction } from './actions'

export const metadata = { title: 'Notifications · Changeboard' }

export default async function NotificationsPage() {
  const actor = await requireActor()
  const [items, timeZone] = await Promise.all([listNotifications(actor), viewerTimeZone(actor)])
  const unread = items.filter((item) => !item.read).length
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Notifications</h1>
        {unread > 0 ? (
          <form action={markAllReadAction}>
            <button type="submit" className="btn-secondary">
              Mark all as read
            </button>
          </form>
        ) : null}
      </div>
      <NotificationList items={items} timeZone={timeZone} />
    </div>
  )
}
