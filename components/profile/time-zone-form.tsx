'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, Field, FormStatus, valueOf, TimeZoneOptions } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  timeZones: string[]
  current: string
}

export function TimeZoneForm({ action, timeZones, current }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const errors = errorsFor(state, 'timeZone')
  return (
    <form action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormStatus state={state} />
      <Field id="profile-time-zone" label="Time zone" hint="Change windows, freezes and the calendar are shown, and entered, in this zone." errors={errors}>
        <select
          id="profile-time-zone"
          name="timeZone"
          {...describedBy('profile-time-zone', errors, true)}
          defaultValue={valueOf(state, 'timeZone', current)}
          className="field-input"
        >
          <TimeZoneOptions zones={timeZones} />
        </select>
      </Field>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Saving…' : 'Save time zone'}
      </button>
    </form>
  )
}
