import Link from 'next/link'
import type { ActionState } from '@/lib/action-state'
import type { ChangeStatus } from '@/lib/domain/shared/types'
import { FollowUpForm } from './follow-up-form'
import { StatusBadge } from './status-badge'

type Linked = { id: string; displayNumber: string; title: string }

/** Retries and stages: what this change follows, what follows it, and a way to raise the next one. */
export function LinkedChanges(props: {
  changeId: string
  previous: Linked | null
  followUps: (Linked & { status: ChangeStatus })[]
  canFollowUp: boolean
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
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
      {props.canFollowUp ? <FollowUpForm changeId={props.changeId} action={props.action} /> : null}
      {!props.previous && props.followUps.length === 0 && !props.canFollowUp ? <p className="text-slate-700">No linked changes.</p> : null}
    </div>
  )
}
