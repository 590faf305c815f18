import Link from 'next/link'
import { StatusBadge } from '@/components/changes/status-badge'
import { windowText } from '@/components/changes/format'
import type { ChangeStatus } from '@/lib/domain/shared/types'

export type ChangeSummary = {
  id: string
  number: string
  title: string
  status: ChangeStatus
  windowStart: Date | null
  windowEnd: Date | null
  requesterName: string
}

/** A dashboard panel listing changes (number, title, status in words, window in the viewer's zone). */
export function ChangeSummarySection(props: {
  id: string
  title: string
  empty: string
  items: ChangeSummary[]
  timeZone: string
  more?: { href: string; label: string }
}) {
  return (
    <section aria-labelledby={props.id} className="rounded border border-slate-300 bg-white p-5">
      <h2 id={props.id} className="mb-2 text-lg font-semibold">
        {props.title}
      </h2>
      {props.items.length === 0 ? (
        <p className="text-slate-700">{props.empty}</p>
      ) : (
        <ul className="space-y-2">
          {props.items.map((item) => (
            <li key={item.id}>
              <Link href={`/changes/${item.id}`} className="link">
                {item.number}: {item.title}
              </Link>{' '}
              <StatusBadge status={item.status} />
              <p className="text-sm text-slate-700">
                {windowText(item.windowStart, item.windowEnd, props.timeZone)} · {item.requesterName}
              </p>
            </li>
          ))}
        </ul>
      )}
      {props.more ? (
        <p className="mt-3">
          <Link href={props.more.href} className="link">
            {props.more.label}
          </Link>
        </p>
      ) : null}
    </section>
  )
}
