'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, Field, FormStatus, valueOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { MIN_EMERGENCY_JUSTIFICATION_CHARS, MIN_EMERGENCY_JUSTIFICATION_WORDS } from '@/lib/domain/freeze/emergency-justification'
import { LIMITS } from '@/lib/domain/shared/limits'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  changeId: string
  /** The revision on screen: the grant is refused if the change moved on since. */
  revision: number
  fingerprint: string
  freezes: { id: string; label: string }[]
  /** The emergency path (justify-emergency): the requester writes why, with its own words and ids. */
  variant?: 'grant' | 'justify'
}

const WORDING = {
  grant: {
    id: 'exception',
    hint: 'Why this change must run during the freeze; recorded on the change and voided by any material edit.',
    submit: 'Grant exception',
  },
  justify: {
    id: 'justification',
    hint: `Why this emergency cannot wait for the freeze to end (at least ${MIN_EMERGENCY_JUSTIFICATION_CHARS} characters and ${MIN_EMERGENCY_JUSTIFICATION_WORDS} words); recorded on the change for everyone to read, and voided by any material edit.`,
    submit: 'Record justification',
  },
} as const

/** Written permission for this change (its current revision) to run inside one freeze. */
export function GrantExceptionForm({ action, changeId, revision, fingerprint, freezes, variant = 'grant' }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const words = WORDING[variant]
  const freezeId = `${words.id}-freeze`
  const justificationId = `${words.id}-justification`
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-xl space-y-3" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="changeId" value={changeId} />
      <input type="hidden" name="revision" value={revision} />
      <input type="hidden" name="fingerprint" value={fingerprint} />
      <Field id={freezeId} label="Freeze" errors={errorsFor(state, 'freezeId')}>
        <select id={freezeId} name="freezeId" defaultValue={valueOf(state, 'freezeId', freezes[0]?.id)} className="field-input" {...describedBy(freezeId, errorsFor(state, 'freezeId'))}>
          {freezes.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id={justificationId} label="Justification" hint={words.hint} errors={errorsFor(state, 'justification')}>
        <textarea
          id={justificationId}
          name="justification"
          rows={3}
          maxLength={LIMITS.justification}
          defaultValue={valueOf(state, 'justification')}
          className="field-input"
          {...describedBy(justificationId, errorsFor(state, 'justification'), true)}
        />
      </Field>
      <button type="submit" className="btn-secondary" disabled={pending}>
        {words.submit}
      </button>
    </form>
  )
}
