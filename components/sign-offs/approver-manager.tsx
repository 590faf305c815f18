'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, Field, FormStatus, IDLE, valueOf } from '@/components/admin/form-fields'
import type { ActionState } from '@/lib/server/action-result'
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
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="space-y-3" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="changeId" value={props.changeId} />
      <Field id="replace-owner" label="Service owner to replace" errors={errorsFor(state, 'ownerId')}>
        <select
          id="replace-owner"
          name="ownerId"
          defaultValue={valueOf(state, 'ownerId')}
          className="field-input"
          {...describedBy('replace-owner', errorsFor(state, 'ownerId'))}
        >
          <option value="">Choose an owner…</option>
          {props.ownerSeats.map((seat) => (
            <option key={seat.ownerId} value={seat.ownerId}>
              {seatLabel(seat)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="replace-owner-with" label="Signs in their place (a delegate or another owner)" errors={errorsFor(state, 'replacementId')}>
        <select
          id="replace-owner-with"
          name="replacementId"
          defaultValue={valueOf(state, 'replacementId')}
          className="field-input"
          {...describedBy('replace-owner-with', errorsFor(state, 'replacementId'))}
        >
          <option value="">Choose a person…</option>
          {props.replacementCandidates.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="replace-owner-reason" label="Reason for replacing the owner" errors={errorsFor(state, 'reason')}>
        <textarea
          id="replace-owner-reason"
          name="reason"
          rows={2}
          maxLength={LIMITS.reason}
          defaultValue={valueOf(state, 'reason')}
          className="field-input"
          {...describedBy('replace-owner-reason', errorsFor(state, 'reason'))}
        />
      </Field>
      <button type="submit" className="btn-secondary" disabled={pending}>
        Replace owner
      </button>
    </form>
  )
}

function AddApprover({ changeId, addCandidates, addAction }: { changeId: string; addCandidates: Person[]; addAction: Action }) {
  const [state, formAction, pending] = useActionState(addAction, IDLE)
  const errors = errorsFor(state, 'userId')
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="changeId" value={changeId} />
      <Field id="add-approver" label="Add a required approver" errors={errors}>
        <select
          id="add-approver"
          name="userId"
          defaultValue={valueOf(state, 'userId')}
          className="field-input"
          {...describedBy('add-approver', errors)}
        >
          <option value="">Choose a person…</option>
          {addCandidates.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </Field>
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
      <Field id="remove-approver" label="Remove a nominated approver" errors={errorsFor(state, 'userId')}>
        <select
          id="remove-approver"
          name="userId"
          defaultValue={valueOf(state, 'userId')}
          className="field-input"
          {...describedBy('remove-approver', errorsFor(state, 'userId'))}
        >
          <option value="">Choose an approver…</option>
          {nominated.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="remove-approver-reason" label="Reason for removing" errors={errorsFor(state, 'reason')}>
        <textarea
          id="remove-approver-reason"
          name="reason"
          rows={2}
          maxLength={LIMITS.reason}
          defaultValue={valueOf(state, 'reason')}
          className="field-input"
          {...describedBy('remove-approver-reason', errorsFor(state, 'reason'))}
        />
      </Field>
      <button type="submit" className="btn-secondary" disabled={pending}>
        Remove approver
      </button>
    </form>
  )
}
