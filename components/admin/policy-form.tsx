'use client'

import { useActionState } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'
import { describedBy, errorsFor, Field, FormStatus, valueOf } from './form-fields'

type Option = { value: string; label: string }
type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  governs: Option[]
  criticalities: Option[]
}

/** A new policy: its name and which changes it governs; its rules are edited on its own page. */
export function PolicyForm({ action, governs, criticalities }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const input = (name: string, hint = false) => ({ id: `new-policy-${name}`, name, ...describedBy(`new-policy-${name}`, errorsFor(state, name), hint) })
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormStatus state={state} />
      <Field id="new-policy-name" label="Policy name" errors={errorsFor(state, 'name')}>
        <input {...input('name')} type="text" maxLength={LIMITS.name} autoComplete="off" defaultValue={valueOf(state, 'name')} className="field-input" />
      </Field>
      <Field id="new-policy-governs" label="Governs" errors={errorsFor(state, 'governs')}>
        <select {...input('governs')} defaultValue={valueOf(state, 'governs', 'HIGH')} className="field-input">
          {governs.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="new-policy-criticality"
        label="Only when the most critical affected service is"
        hint="Leave at “any criticality” for the whole risk level; ignored for emergency changes."
        errors={errorsFor(state, 'criticality')}
      >
        <select {...input('criticality', true)} defaultValue={valueOf(state, 'criticality')} className="field-input">
          <option value="">Any criticality</option>
          {criticalities.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Creating…' : 'Create policy'}
      </button>
    </form>
  )
}
