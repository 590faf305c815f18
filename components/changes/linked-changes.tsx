import Link from 'next/link'
import type { ChangeStatus } from '@/lib/domain/shared/types'
import { StatusBadge } from './status-badge'

type Linked = { id: string; displayNumber: string; title: string }

/** Retries and stages: what this change follows, what follows it, and a way to raise the next one. */
export function LinkedChanges(props: {
  changeId: string
  previous: Linked | null
  followUps: (Linked & { status: ChangeStatus })[]
  canFollowUp: boolean
  action: (formData: FormData) => Promise<void>
}) {
  return (
    <div className="space-y-3">
      {props.previous ? (
        <p>
          Follows{' '}
          <Link href={`/changes/${props.previous.id}`} className="link">
            {props.previous.displayNumber}: {props.previous.title}
          </Link>
        </p>
      ) : null}
      {props.followUps.length > 0 ? (
        <ul aria-label="Follow-up changes" className="space-y-1">
          {props.followUps.map((f) => (
            <li key={f.id}>
              <Link href={`/changes/${f.id}`} className="link">
                {f.displayNumber}: {f.title}
              </Link>{' '}
              <StatusBadge status={f.status} />
            </li>
          ))}
        </ul>
      ) : null}
      {props.canFollowUp ? (
        <form action={props.action} className="space-y-1">
          <input type="hidden" name="changeId" value={props.changeId} />
          <button type="submit" className="btn-secondary">
            Raise a follow-up change
          </button>
          <p className="text-sm text-slate-600">A retry after a roll-back, or the next stage: a new draft starting from this content, linked to this change.</p>
        </form>
      ) : null}
      {!props.previous && props.followUps.length === 0 && !props.canFollowUp ? <p className="text-slate-700">No linked changes.</p> : null}
    </div>
  )
}
