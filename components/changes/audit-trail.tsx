import { STATUS_LABELS, type ChangeStatus } from '@/lib/domain/shared/types'
import { when } from './format'

export type AuditTrailEntry = {
  id: string
  at: Date
  actorName: string
  description: string
  fromStatus: ChangeStatus | null
  toStatus: ChangeStatus | null
}

/** Who did what, when (in the viewer's zone), and the status move if any. */
export function AuditTrail({ entries, timeZone }: { entries: AuditTrailEntry[]; timeZone: string }) {
  if (entries.length === 0) return <p className="text-slate-600">Nothing recorded yet.</p>
  return (
    <ol className="space-y-2">
      {entries.map((entry) => (
        <li key={entry.id} className="border-l-4 border-slate-300 pl-3">
          <p>
            <span className="font-medium">{entry.actorName}</span> {entry.description}
          </p>
          <p className="text-sm text-slate-600">
            <time dateTime={entry.at.toISOString()}>{when(entry.at, timeZone)}</time>
            {entry.fromStatus || entry.toStatus ? (
              <span>
                {' · '}
                {entry.fromStatus ? STATUS_LABELS[entry.fromStatus] : 'New'} → {entry.toStatus ? STATUS_LABELS[entry.toStatus] : '—'}
              </span>
            ) : null}
          </p>
        </li>
      ))}
    </ol>
  )
}
