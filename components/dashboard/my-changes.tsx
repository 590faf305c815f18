import Link from 'next/link'
import { StatusBadge } from '@/components/changes/status-badge'
import type { ChangeStatus } from '@/lib/domain/shared/types'

/** The actor's own changes counted by status, each linking to the filtered list. */
export function MyChanges({ counts, requesterId }: { counts: { status: ChangeStatus; count: number }[]; requesterId: string }) {
  return (
    <section aria-labelledby="my-changes-heading" className="rounded border border-slate-300 bg-white p-5">
      <h2 id="my-changes-heading" className="mb-2 text-lg font-semibold">
        My changes
      </h2>
      {counts.length === 0 ? (
        <p className="text-slate-700">
          You have not raised any changes yet.{' '}
          <Link href="/changes/new" className="link">
            Raise a change
          </Link>
        </p>
      ) : (
        <ul className="flex flex-wrap gap-3">
          {counts.map(({ status, count }) => (
            <li key={status}>
              <Link href={`/changes?requesterId=${requesterId}&status=${status}`} className="inline-flex items-center gap-2 rounded border border-slate-300 px-2 py-1 hover:bg-slate-50">
                <StatusBadge status={status} />
                <span className="font-semibold">{count}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
