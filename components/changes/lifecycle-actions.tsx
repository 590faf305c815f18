import type { ChangeEvent } from '@/lib/domain/change-request/state-machine'
import type { ActionState } from '@/lib/action-state'
import { EventForm } from './event-form'

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>

export type LifecycleActionSet = {
  submit: Action
  cancel: Action
  start: Action
  outcome: Action
  review: Action
  reopen: Action
}

type Props = { changeId: string; version: number; events: readonly ChangeEvent[]; status: string; actions: LifecycleActionSet }

/** Only the steps this actor may take now (policy + state machine); the server checks again. */
export function LifecycleActions({ changeId, version, events, status, actions }: Props) {
  const hidden = { changeId, version: String(version) }
  const has = (event: ChangeEvent) => events.includes(event)
  const forms = [
    has('submit') ? <EventForm key="submit" action={actions.submit} title="Submit for approval" buttonLabel="Submit for approval" hidden={hidden} /> : null,
    has('revise') && status === 'REJECTED' ? (
      <EventForm key="reopen" action={actions.reopen} title="Reopen as draft" buttonLabel="Reopen as draft" hidden={hidden} />
    ) : null,
    has('start') ? <EventForm key="start" action={actions.start} title="Start the change" buttonLabel="Start" hidden={hidden} /> : null,
    has('complete') || has('rollBack') || has('fail') ? (
      <EventForm
        key="outcome"
        action={actions.outcome}
        title="Record the outcome"
        buttonLabel="Record outcome"
        hidden={hidden}
        choices={{
          name: 'outcome',
          label: 'Outcome',
          options: [
            { value: 'complete', label: 'Completed' },
            { value: 'rollBack', label: 'Rolled back' },
            { value: 'fail', label: 'Failed' },
          ],
        }}
        note={{ name: 'notes', label: 'Outcome notes' }}
      />
    ) : null,
    has('review') ? (
      <EventForm key="review" action={actions.review} title="Review and close" buttonLabel="Record review and close" hidden={hidden} note={{ name: 'notes', label: 'Review notes' }} />
    ) : null,
    has('cancel') ? (
      <EventForm key="cancel" action={actions.cancel} title="Cancel the change" buttonLabel="Cancel change" hidden={hidden} note={{ name: 'reason', label: 'Reason for cancelling' }} danger />
    ) : null,
  ].filter(Boolean)
  if (forms.length === 0) return <p className="text-slate-700">There is nothing you can do with this change right now.</p>
  return <div className="grid gap-3 md:grid-cols-2">{forms}</div>
}
