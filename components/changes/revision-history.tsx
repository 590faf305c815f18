import type { RevisionEntry } from '@/lib/server/change-requests/get-change'
import { RISK_LEVEL_LABELS } from '@/lib/domain/shared/types'
import { when } from './format'
import { RevisionDiff } from './revision-diff'

type Props = {
  changeId: string
  revisions: RevisionEntry[]
  from: number | null
  to: number | null
  serviceNames: Record<string, string>
  timeZone: string
}

/** Every submitted revision, and the differences between any two chosen with a GET form (shareable URL). */
export function RevisionHistory({ changeId, revisions, from, to, serviceNames, timeZone }: Props) {
  if (revisions.length === 0) return <p className="text-slate-700">No revisions yet: the first is made when the change is submitted.</p>
  const latest = revisions.at(-1)
  const a = revisions.find((r) => r.number === (from ?? (revisions.length > 1 ? (latest?.number ?? 1) - 1 : null)))
  const b = revisions.find((r) => r.number === (to ?? latest?.number))
  const select = (name: string, label: string, value: number | undefined) => (
    <div>
      <label htmlFor={`revision-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <select id={`revision-${name}`} name={name} defaultValue={value} className="field-input">
        {revisions.map((r) => (
          <option key={r.number} value={r.number}>
            Revision {r.number}
          </option>
        ))}
      </select>
    </div>
  )
  return (
    <div className="space-y-4">
      <ol className="space-y-1">
        {revisions.map((r) => (
          <li key={r.number}>
            <span className="font-medium">Revision {r.number}</span> by {r.createdByName}, {when(r.createdAt, timeZone)}{' '}
            <span className="font-mono text-xs text-slate-600" title="Fingerprint of the signed content">
              {r.fingerprint.slice(0, 12)}
            </span>
            {r.risk ? (
              <span className="block text-sm text-slate-700">
                Risk {RISK_LEVEL_LABELS[r.risk.level].toLowerCase()}
                {r.risk.fired.length > 0 ? `: ${r.risk.fired.map((f) => f.reason).join(' ')}` : ': no rule fired.'}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      {revisions.length > 1 ? (
        <>
          <form method="get" action={`/changes/${changeId}#revisions`} aria-label="Compare revisions" className="flex flex-wrap items-end gap-3">
            {select('from', 'Compare revision', a?.number)}
            {select('to', 'with revision', b?.number)}
            <button type="submit" className="btn-secondary">
              Show differences
            </button>
          </form>
          {a?.content && b?.content ? (
            <RevisionDiff before={{ number: a.number, content: a.content }} after={{ number: b.number, content: b.content }} serviceNames={serviceNames} timeZone={timeZone} />
          ) : (
            <p>Choose two revisions to compare.</p>
          )}
        </>
      ) : null}
    </div>
  )
}
