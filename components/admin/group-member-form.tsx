'use client'

import { useActionState } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'
import type { Person } from '@/lib/domain/shared/types'
import { describedBy, errorsFor, Field, FormStatus, valueOf } from './form-fields'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  groupId: string
  /** People who can sign off and are not members yet. */
  candidates: Person[]
}

export function GroupMemberForm({ action, groupId, candidates }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const errors = errorsFor(state, 'userId')
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="groupId" value={groupId} />
      <Field id="member-userId" label="Person" errors={errors} hint="Active approvers and change managers who are not members yet.">
        <select id="member-userId" name="userId" {...describedBy('member-userId', errors, true)} defaultValue={valueOf(state, 'userId')} className="field-input">
          <option value="">Choose a person…</option>
          {candidates.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Adding…' : 'Add member'}
      </button>
    </form>
  )
}
