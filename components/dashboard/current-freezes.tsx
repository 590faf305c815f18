import Link from 'next/link'
import { formatInterval } from '@/lib/domain/time/format-interval'
import type { CurrentFreeze } from '@/lib/server/freezes/list-freezes'

// A large organisation has a hundred freezes in a month: the dashboard names the soonest, the calendar has them all.
const SHOWN = 10

/** Active and upcoming freezes; state is written out ("Active now", "HARD"), not shown by colour. */
export function CurrentFreezes({ freezes, timeZone }: { freezes: CurrentFreeze[]; timeZone: string }) {
  const hidden = freezes.length - SHOWN
  return (
    <section aria-labelledby="freezes-heading" className="rounded border border-slate-300 bg-white p-5">
      <h2 id="freezes-heading" className="mb-2 text-lg font-semibold">
        Change freezes
      </h2>
      {freezes.length === 0 ? (
        <p className="text-slate-700">No freeze is active or starts in the next 30 days.</p>
      ) : (
        <ul className="space-y-2">
          {freezes.slice(0, SHOWN).map((freeze) => (
            <li key={freeze.id}>
              <span className="font-medium">{freeze.name}</span>{' '}
              <span className="rounded border border-slate-400 px-1.5 text-xs font-semibold">{freeze.severity} freeze</span>
              {freeze.activeNow ? <span className="ml-2 text-sm font-semibold text-red-900">Active now</span> : null}
              <p className="text-sm text-slate-700">{formatInterval(freeze.occurrence, timeZone)}</p>
            </li>
          ))}
        </ul>
      )}
      {hidden > 0 ? (
        <p className="mt-3">
          <Link href="/calendar" className="link">
            {hidden} more in the next 30 days on the calendar
          </Link>
        </p>
      ) : null}
    </section>
  )
}
