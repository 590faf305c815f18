import Link from 'next/link'
import { StatusBadge } from '@/components/changes/status-badge'
import { windowText } from '@/components/changes/format'
import type { ChangeStatus } from '@/lib/domain/shared/types'

type Item = { id: string; number: string; title: string; status: ChangeStatus; windowStart: Date | null; windowEnd: Date | null; requesterName: string }

/** Scheduled and running changes whose window falls in the next 7 days, times in the viewer's zone. */
export function UpcomingChanges({ items, timeZone }: { items: Item[]; timeZone: string }) {
  return (
    <section aria-labelledby="upcoming-heading" className="rounded border border-slate-300 bg-white p-5">
      <h2 id="upcoming-heading" className="mb-2 text-lg font-semibold">
        Upcoming in the next 7 days
      </h2>
      {items.length === 0 ? (
        <p className="text-slate-700">Nothing is scheduled for the next 7 days.</p>
      ) : (
        <ul className="space-y-2">
          {items.map((item) => (
            <li key={item.id}>
              <Link href={`/changes/${item.id}`} className="link">
                {item.number}: {item.title}
              </Link>{' '}
              <StatusBadge status={item.status} />
              <p className="text-sm text-slate-700">
                {windowText(item.windowStart, item.windowEnd, timeZone)} · {item.requesterName}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
