'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, Field, FormStatus, valueOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  changeId: string
  /** The revision on screen: the grant is refused if the change moved on since. */
  revision: number
  fingerprint: string
  freezes: { id: string; label: string }[]
}

/** Written permission for this change (its current revision) to run inside one freeze. */
export function GrantExceptionForm({ action, changeId, revision, fingerprint, freezes }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-xl space-y-3" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="changeId" value={changeId} />
      <input type="hidden" name="revision" value={revision} />
      <input type="hidden" name="fingerprint" value={fingerprint} />
      <Field id="exception-freeze" label="Freeze" errors={errorsFor(state, 'freezeId')}>
        <select id="exception-freeze" name="freezeId" defaultValue={valueOf(state, 'freezeId', freezes[0]?.id)} className="field-input" {...describedBy('exception-freeze', errorsFor(state, 'freezeId'))}>
          {freezes.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="exception-justification" label="Justification" hint="Why this change must run during the freeze; recorded on the change and voided by any material edit." errors={errorsFor(state, 'justification')}>
        <textarea
          id="exception-justification"
          name="justification"
          rows={3}
          maxLength={LIMITS.justification}
          defaultValue={valueOf(state, 'justification')}
          className="field-input"
          {...describedBy('exception-justification', errorsFor(state, 'justification'), true)}
        />
      </Field>
      <button type="submit" className="btn-secondary" disabled={pending}>
        Grant exception
      </button>
    </form>
  )
}
