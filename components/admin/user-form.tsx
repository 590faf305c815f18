'use client'

import { useActionState } from 'react'
import { ROLES, ROLE_LABELS } from '@/lib/domain/shared/types'
import { IDLE, type ActionState } from '@/lib/action-state'
import { describedBy, errorsFor, Field, FieldErrors, FormStatus, valueOf, valuesOf, TimeZoneOptions } from './form-fields'
import { LIMITS } from '@/lib/domain/shared/limits'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  timeZones: string[]
  submitLabel: string
  /** Present when editing: the e-mail and password fields are then not shown. */
  user?: { id: string; name: string; roles: readonly string[]; timeZone: string }
}

export function UserForm({ action, timeZones, submitLabel, user }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const roles = valuesOf(state, 'roles', user?.roles ?? [])
  const roleErrors = errorsFor(state, 'roles')
  const fieldId = (name: string) => `${user ? 'edit' : 'new'}-user-${name}`
  const input = (name: string) => ({ id: fieldId(name), name, ...describedBy(fieldId(name), errorsFor(state, name), name === 'password') })

  return (
    // Re-mounted after a failed save so every field shows what was typed (React resets forms after actions).
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormStatus state={state} />
      {user ? <input type="hidden" name="userId" value={user.id} /> : null}
      <Field id={fieldId('name')} label="Full name" errors={errorsFor(state, 'name')}>
        <input {...input('name')} type="text" maxLength={LIMITS.name} autoComplete="off" defaultValue={valueOf(state, 'name', user?.name)} className="field-input" />
      </Field>
      {user ? null : (
        <>
          <Field id={fieldId('email')} label="E-mail" errors={errorsFor(state, 'email')}>
            <input {...input('email')} type="email" maxLength={LIMITS.email} autoComplete="off" defaultValue={valueOf(state, 'email')} className="field-input" />
          </Field>
          <Field id={fieldId('password')} label="Initial password" hint="At least 12 characters." errors={errorsFor(state, 'password')}>
            <input {...input('password')} type="password" maxLength={LIMITS.password} autoComplete="new-password" className="field-input" />
          </Field>
        </>
      )}
      <fieldset {...describedBy(fieldId('roles'), roleErrors)}>
        <legend className="font-medium">Roles</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {ROLES.map((role) => (
            <label key={role} className="inline-flex items-center gap-2">
              <input type="checkbox" name="roles" value={role} defaultChecked={roles.includes(role)} />
              {ROLE_LABELS[role]}
            </label>
          ))}
        </div>
        <FieldErrors id={`${fieldId('roles')}-error`} errors={roleErrors} />
      </fieldset>
      <Field id={fieldId('timeZone')} label="Time zone" errors={errorsFor(state, 'timeZone')}>
        <select {...input('timeZone')} defaultValue={valueOf(state, 'timeZone', user?.timeZone ?? 'UTC')} className="field-input">
          <TimeZoneOptions zones={timeZones} />
        </select>
      </Field>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Saving…' : submitLabel}
      </button>
    </form>
  )
}
