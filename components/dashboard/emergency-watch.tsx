import Link from 'next/link'
import { StatusBadge } from '@/components/changes/status-badge'
import { when } from '@/components/changes/format'
import { describeRate, type Rate } from '@/lib/domain/metrics/rate'
import type { OverdueEmergencyReviews } from '@/lib/server/lifecycle/emergency-reviews'

/**
 * The change managers' emergency watch: every emergency change whose
 * retrospective review is overdue (count, the longest overdue first, each a
 * link), and beside it the share of emergencies among the changes submitted
 * lately, so an emergency path used for routine work shows.
 */
export function EmergencyWatch(props: { overdue: OverdueEmergencyReviews; share: Rate; days: number; timeZone: string }) {
  const { overdue } = props
  return (
    <section aria-labelledby="section-emergency-reviews" className="rounded border border-slate-300 bg-white p-5">
      <h2 id="section-emergency-reviews" className="mb-2 text-lg font-semibold">
        Emergency reviews overdue
      </h2>
      <p className="text-slate-700">
        {overdue.count === 0
          ? 'No emergency change is overdue for its retrospective review.'
          : `${overdue.count}${overdue.capped ? '+' : ''} emergency ${overdue.count === 1 ? 'change is' : 'changes are'} overdue for the retrospective review (due ${overdue.reviewDueDays} days after the work ended).`}
      </p>
      {overdue.changes.length > 0 ? (
        <ul className="mt-2 space-y-2">
          {overdue.changes.map((c) => (
            <li key={c.id}>
              <Link href={`/changes/${c.id}`} className="link">
                {c.number}: {c.title}
              </Link>{' '}
              <StatusBadge status={c.status} />
              <p className="text-sm text-slate-700">Review was due {when(new Date(c.dueAt), props.timeZone)}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {overdue.capped || overdue.count > overdue.changes.length ? (
        <p className="mt-3">
          <Link href="/metrics" className="link">
            All {overdue.count}{overdue.capped ? '+' : ''} on the metrics page
          </Link>
        </p>
      ) : null}
      <p className="mt-3">
        Emergency share of the changes submitted in the last {props.days} days:{' '}
        <Link href="/metrics?period=30" className="link">
          {describeRate(props.share)}
        </Link>
      </p>
    </section>
  )
}
