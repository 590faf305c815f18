'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, Field, FormStatus, valueOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'

type Person = { id: string; name: string }
type Action = (state: ActionState, formData: FormData) => Promise<ActionState>
export type OwnerSeat = { ownerId: string; ownerName: string; active: boolean; serviceNames: string[]; replacedBy: string | null }

/**
 * For change managers who did not raise the change: replace a service owner
 * (with a reason) while the change is a draft or awaits sign-off; once it is
 * submitted, also name another approver or drop a nominated one. Owners are
 * never simply removed.
 */
export function ApproverManager(props: {
  changeId: string
  canAddRemove: boolean
  ownerSeats: OwnerSeat[]
  replacementCandidates: Person[]
  addCandidates: Person[]
  nominated: Person[]
  replaceAction: Action
  addAction: Action
  removeAction: Action
}) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      {props.ownerSeats.length > 0 ? <ReplaceOwner {...props} /> : null}
      {props.canAddRemove ? <AddApprover {...props} /> : null}
      {props.canAddRemove && props.nominated.length > 0 ? <RemoveApprover {...props} /> : null}
    </div>
  )
}

function seatLabel(seat: OwnerSeat): string {
  const state = seat.replacedBy ? `, replaced by ${seat.replacedBy}` : seat.active ? '' : ', inactive'
  return `${seat.ownerName} (owner of ${seat.serviceNames.join(', ')}${state})`
}

function ReplaceOwner(props: { changeId: string; ownerSeats: OwnerSeat[]; replacementCandidates: Person[]; replaceAction: Action }) {
  const [state, formAction, pending] = useActionState(props.replaceAction, IDLE)
  const seats = props.ownerSeats.map((seat) => ({ id: seat.ownerId, name: seatLabel(seat) }))
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="space-y-3" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="changeId" value={props.changeId} />
      <Choice id="replace-owner" name="ownerId" label="Service owner to replace" placeholder="Choose an owner…" people={seats} state={state} />
      <Choice
        id="replace-owner-with"
        name="replacementId"
        label="Signs in their place (a delegate or another owner)"
        placeholder="Choose a person…"
        people={props.replacementCandidates}
        state={state}
      />
      <Reason id="replace-owner-reason" label="Reason for replacing the owner" state={state} />
      <button type="submit" className="btn-secondary" disabled={pending}>
        Replace owner
      </button>
    </form>
  )
}

function AddApprover({ changeId, addCandidates, addAction }: { changeId: string; addCandidates: Person[]; addAction: Action }) {
  const [state, formAction, pending] = useActionState(addAction, IDLE)
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="changeId" value={changeId} />
      <Choice id="add-approver" name="userId" label="Add a required approver" placeholder="Choose a person…" people={addCandidates} state={state} />
      <button type="submit" className="btn-secondary" disabled={pending}>
        Add approver
      </button>
    </form>
  )
}

function RemoveApprover({ changeId, nominated, removeAction }: { changeId: string; nominated: Person[]; removeAction: Action }) {
  const [state, formAction, pending] = useActionState(removeAction, IDLE)
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="space-y-3" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="changeId" value={changeId} />
      <Choice id="remove-approver" name="userId" label="Remove a nominated approver" placeholder="Choose an approver…" people={nominated} state={state} />
      <Reason id="remove-approver-reason" label="Reason for removing" state={state} />
      <button type="submit" className="btn-secondary" disabled={pending}>
        Remove approver
      </button>
    </form>
  )
}

/** A labelled choice of one person, keeping the choice after a failed submit. */
function Choice(props: { id: string; name: string; label: string; placeholder: string; people: Person[]; state: ActionState }) {
  const errors = errorsFor(props.state, props.name)
  return (
    <Field id={props.id} label={props.label} errors={errors}>
      <select id={props.id} name={props.name} defaultValue={valueOf(props.state, props.name)} className="field-input" {...describedBy(props.id, errors)}>
        <option value="">{props.placeholder}</option>
        {props.people.map((person) => (
          <option key={person.id} value={person.id}>
            {person.name}
          </option>
        ))}
      </select>
    </Field>
  )
}

/** The written reason every approver change is audited with. */
function Reason({ id, label, state }: { id: string; label: string; state: ActionState }) {
  const errors = errorsFor(state, 'reason')
  return (
    <Field id={id} label={label} errors={errors}>
      <textarea id={id} name="reason" rows={2} maxLength={LIMITS.reason} defaultValue={valueOf(state, 'reason')} className="field-input" {...describedBy(id, errors)} />
    </Field>
  )
}
