'use client'

import { useActionState } from 'react'
import { ROLES, ROLE_LABELS } from '@/lib/domain/shared/types'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'
import { describedBy, errorsFor, Field, FieldErrors, FormStatus, valueOf, valuesOf } from './form-fields'

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState> }

/** A new service account: a name and roles; it never signs in, and gets tokens on its own page. */
export function ServiceAccountForm({ action }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const roles = valuesOf(state, 'roles', ['REQUESTER'])
  const roleErrors = errorsFor(state, 'roles')
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormStatus state={state} />
      <Field id="service-account-name" label="Service account name" hint="e.g. “Deploy pipeline (payments)”." errors={errorsFor(state, 'name')}>
        <input
          id="service-account-name"
          name="name"
          type="text"
          maxLength={LIMITS.name}
          autoComplete="off"
          defaultValue={valueOf(state, 'name')}
          className="field-input"
          {...describedBy('service-account-name', errorsFor(state, 'name'), true)}
        />
      </Field>
      <fieldset aria-describedby={roleErrors.length > 0 ? 'service-account-roles-error' : undefined}>
        <legend className="font-medium">Roles</legend>
        {ROLES.map((role) => (
          <label key={role} className="mr-4 inline-flex items-center gap-2">
            <input type="checkbox" name="roles" value={role} defaultChecked={roles.includes(role)} /> {ROLE_LABELS[role]}
          </label>
        ))}
        <FieldErrors id="service-account-roles-error" errors={roleErrors} />
      </fieldset>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Creating…' : 'Create service account'}
      </button>
    </form>
  )
}
