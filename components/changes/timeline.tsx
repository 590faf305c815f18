import type { TimelineEntry } from '@/lib/domain/change-request/timeline'
import { when } from './format'

/** Status updates, the outcome and the review in time order, each with who wrote it and when (in the viewer's zone). */
export function Timeline({ entries, timeZone, labelledBy }: { entries: TimelineEntry[]; timeZone: string; labelledBy: string }) {
  if (entries.length === 0) {
    return <p className="text-slate-600">Nothing yet: status updates posted while the change is in progress, its outcome and its review appear here.</p>
  }
  return (
    <ol aria-labelledby={labelledBy} className="space-y-3 border-l-2 border-slate-300 pl-4">
      {entries.map((entry) => (
        <li key={entry.id} id={entry.id} className={entry.kind === 'update' ? 'rounded border border-slate-300 bg-white p-3' : 'rounded border-2 border-blue-800 bg-blue-50 p-3'}>
          <p className="text-sm">
            <strong className="mr-2">{entry.label}</strong>
            <span className="font-medium">{entry.authorName ?? 'Author not recorded'}</span>
            <span className="text-slate-600">
              {' · '}
              <time dateTime={entry.at.toISOString()}>{when(entry.at, timeZone)}</time>
            </span>
          </p>
          <p className="mt-1 whitespace-pre-wrap break-words">{entry.body}</p>
        </li>
      ))}
    </ol>
  )
}
