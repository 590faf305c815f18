'use client'

import { useActionState } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'
import { describedBy, errorsFor, Field, FormStatus, valueOf } from './form-fields'
import { LIMITS } from '@/lib/domain/shared/limits'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  owners: { id: string; name: string }[]
  criticalities: { value: string; label: string }[]
  submitLabel: string
  service?: { id: string; name: string; description: string; criticality: string; ownerId: string }
}

export function ServiceForm({ action, owners, criticalities, submitLabel, service }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const fieldId = (name: string) => `${service ? 'edit' : 'new'}-service-${name}`
  const input = (name: string) => ({ id: fieldId(name), name, ...describedBy(fieldId(name), errorsFor(state, name)) })

  return (
    // Re-mounted after a failed save so every field shows what was typed (React resets forms after actions).
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormStatus state={state} />
      {service ? <input type="hidden" name="serviceId" value={service.id} /> : null}
      <Field id={fieldId('name')} label="Name" errors={errorsFor(state, 'name')}>
        <input {...input('name')} type="text" maxLength={LIMITS.name} autoComplete="off" defaultValue={valueOf(state, 'name', service?.name)} className="field-input" />
      </Field>
      <Field id={fieldId('description')} label="Description" errors={errorsFor(state, 'description')}>
        <textarea {...input('description')} rows={3} maxLength={LIMITS.description} defaultValue={valueOf(state, 'description', service?.description)} className="field-input" />
      </Field>
      <Field id={fieldId('criticality')} label="Criticality" errors={errorsFor(state, 'criticality')}>
        <select {...input('criticality')} defaultValue={valueOf(state, 'criticality', service?.criticality ?? 'MEDIUM')} className="field-input">
          {criticalities.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id={fieldId('ownerId')} label="Owner" errors={errorsFor(state, 'ownerId')}>
        <select {...input('ownerId')} defaultValue={valueOf(state, 'ownerId', service?.ownerId)} className="field-input">
          <option value="">Choose an owner…</option>
          {owners.map((owner) => (
            <option key={owner.id} value={owner.id}>
              {owner.name}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Saving…' : submitLabel}
      </button>
    </form>
  )
}
