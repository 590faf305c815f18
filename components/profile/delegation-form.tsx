'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, Field, FormStatus, valueOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'
import type { Person } from '@/lib/domain/shared/types'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  candidates: Person[]
  timeZone: string
  /** The current minute in the viewer's zone, as the start's default. */
  now: string
}

/** "Out of office": who signs in your seat, from when until when (in your time zone). */
export function DelegationForm({ action, candidates, timeZone, now }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const input = (name: string, hint = false) => ({ id: `delegation-${name}`, name, ...describedBy(`delegation-${name}`, errorsFor(state, name), hint) })
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="timeZone" value={timeZone} />
      <Field id="delegation-delegateId" label="Delegate" hint="An approver or change manager who signs on your behalf while you are away." errors={errorsFor(state, 'delegateId')}>
        <select {...input('delegateId', true)} defaultValue={valueOf(state, 'delegateId')} className="field-input">
          <option value="">Choose a delegate…</option>
          {candidates.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="delegation-startsAtLocal" label={`From (${timeZone})`} errors={errorsFor(state, 'startsAtLocal')}>
        <input {...input('startsAtLocal')} type="datetime-local" defaultValue={valueOf(state, 'startsAtLocal', now)} className="field-input" />
      </Field>
      <Field id="delegation-endsAtLocal" label={`Until (${timeZone})`} hint="At most 90 days." errors={errorsFor(state, 'endsAtLocal')}>
        <input {...input('endsAtLocal', true)} type="datetime-local" defaultValue={valueOf(state, 'endsAtLocal')} className="field-input" />
      </Field>
      <Field id="delegation-note" label="Note (optional)" errors={errorsFor(state, 'note')}>
        <textarea {...input('note')} rows={2} maxLength={LIMITS.reason} defaultValue={valueOf(state, 'note')} className="field-input" />
      </Field>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Saving…' : 'Name delegate'}
      </button>
    </form>
  )
}
