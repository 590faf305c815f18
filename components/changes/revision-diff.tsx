import { diffMaterial } from '@/lib/domain/change-request/fingerprint'
import type { MaterialContent } from '@/lib/domain/change-request/material'
import { formatInZone } from '@/lib/domain/time/zoned'
import { diffField } from './bounded-diff'

type Props = {
  before: { number: number; content: MaterialContent }
  after: { number: number; content: MaterialContent }
  serviceNames: Record<string, string>
  timeZone: string
}

/**
 * Field-by-field before/after between two revisions; inside a field, words
 * (or whole lines for multi-line text) marked as removed/added with text, not
 * only colour, so the diff reads without colour vision.
 */
export function RevisionDiff({ before, after, serviceNames, timeZone }: Props) {
  const entries = diffMaterial(before.content, after.content, { serviceName: (id) => serviceNames[id] ?? 'Removed service' })
  if (entries.length === 0) {
    return <p>Revisions {before.number} and {after.number} have the same content.</p>
  }
  const show = (field: string, value: string) =>
    (field === 'windowStart' || field === 'windowEnd') && !Number.isNaN(Date.parse(value)) ? formatInZone(new Date(value), timeZone) : value
  return (
    <dl className="space-y-4" aria-label={`Differences between revision ${before.number} and revision ${after.number}`}>
      {entries.map((entry) => {
        const a = show(entry.field, entry.before)
        const b = show(entry.field, entry.after)
        const { detailed, parts } = diffField(a, b)
        return (
          <div key={entry.field} className="rounded border border-slate-300 bg-white p-3">
            <dt className="font-semibold">{entry.label}</dt>
            {detailed ? null : <dd className="mt-1 text-sm text-slate-700">Too large to compare word by word: the whole field is shown before and after.</dd>}
            <dd className="mt-2 grid gap-2 md:grid-cols-2">
              <div>
                <p className="text-sm font-medium text-slate-600">Revision {before.number} (before)</p>
                <p className="whitespace-pre-wrap break-words">
                  {parts
                    .filter((p) => !p.added)
                    .map((p, i) =>
                      p.removed ? (
                        <del key={i} className="bg-red-100 text-red-900" title="removed">
                          {p.value}
                        </del>
                      ) : (
                        <span key={i}>{p.value}</span>
                      ),
                    )}
                </p>
              </div>
              <div>
                <p className="text-sm font-medium text-slate-600">Revision {after.number} (after)</p>
                <p className="whitespace-pre-wrap break-words">
                  {parts
                    .filter((p) => !p.removed)
                    .map((p, i) =>
                      p.added ? (
                        <ins key={i} className="bg-green-100 text-green-900" title="added">
                          {p.value}
                        </ins>
                      ) : (
                        <span key={i}>{p.value}</span>
                      ),
                    )}
                </p>
              </div>
            </dd>
          </div>
        )
      })}
    </dl>
  )
}
