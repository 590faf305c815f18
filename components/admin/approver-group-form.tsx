'use client'

import { useActionState } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'
import { describedBy, errorsFor, Field, FormStatus, valueOf } from './form-fields'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  submitLabel: string
  group?: { id: string; name: string; description: string }
}

/** Creates a group, or renames and describes one. */
export function ApproverGroupForm({ action, submitLabel, group }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const fieldId = (name: string) => `${group ? 'edit' : 'new'}-group-${name}`
  const input = (name: string) => ({ id: fieldId(name), name, ...describedBy(fieldId(name), errorsFor(state, name)) })
  return (
    // Re-mounted after a failed save so every field shows what was typed (React resets forms after actions).
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormStatus state={state} />
      {group ? <input type="hidden" name="groupId" value={group.id} /> : null}
      <Field id={fieldId('name')} label="Group name" errors={errorsFor(state, 'name')}>
        <input {...input('name')} type="text" maxLength={LIMITS.name} autoComplete="off" defaultValue={valueOf(state, 'name', group?.name)} className="field-input" />
      </Field>
      <Field id={fieldId('description')} label="Description" errors={errorsFor(state, 'description')}>
        <textarea {...input('description')} rows={2} maxLength={LIMITS.description} defaultValue={valueOf(state, 'description', group?.description)} className="field-input" />
      </Field>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Saving…' : submitLabel}
      </button>
    </form>
  )
}
