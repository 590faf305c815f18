'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, Field, FormStatus, IDLE, valueOf } from '@/components/admin/form-fields'
import type { ActionState } from '@/lib/server/action-result'

type Person = { id: string; name: string }
type Action = (state: ActionState, formData: FormData) => Promise<ActionState>

/** For change managers while the change awaits sign-off: name another approver, or drop one with a reason. */
export function ApproverManager(props: {
  changeId: string
  candidates: Person[]
  approvers: Person[]
  addAction: Action
  removeAction: Action
}) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <AddApprover {...props} />
      {props.approvers.length > 1 ? <RemoveApprover {...props} /> : null}
    </div>
  )
}

function AddApprover({ changeId, candidates, addAction }: { changeId: string; candidates: Person[]; addAction: Action }) {
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
          {candidates.map((person) => (
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

function RemoveApprover({ changeId, approvers, removeAction }: { changeId: string; approvers: Person[]; removeAction: Action }) {
  const [state, formAction, pending] = useActionState(removeAction, IDLE)
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="space-y-3" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="changeId" value={changeId} />
      <Field id="remove-approver" label="Remove a required approver" errors={errorsFor(state, 'userId')}>
        <select
          id="remove-approver"
          name="userId"
          defaultValue={valueOf(state, 'userId')}
          className="field-input"
          {...describedBy('remove-approver', errorsFor(state, 'userId'))}
        >
          <option value="">Choose an approver…</option>
          {approvers.map((person) => (
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
