'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, FieldErrors, FormStatus, valueOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  /** What is being signed, as hidden fields (a change's id, revision and fingerprint; a template version's id). */
  hidden: Readonly<Record<string, string | number>>
  submitLabel: string
  signerName: string
  minStatementChars: number
  /** Whose seat the viewer may sign in: their own, and any they hold by delegation (a change's sign-off only). */
  seats?: readonly { id: string; label: string }[]
}

/**
 * The written sign-off: a decision, a statement and a typed signature, bound to
 * what is on screen (a change's revision and fingerprint, or a template version). Typed values survive a failed
 * submit; errors sit next to their fields.
 */
export function SignOffForm({ action, hidden, submitLabel, signerName, minStatementChars, seats }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const id = (name: string) => `sign-off-${name}`
  const decision = valueOf(state, 'decision')
  const decisionErrors = errorsFor(state, 'decision')
  const formErrors = errorsFor(state, 'form')

  if (state.status === 'ok') return <FormStatus state={state} />
  return (
    // Re-mounted after a failed submit so every field shows what was typed.
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="space-y-4" noValidate>
      <FormStatus state={state} />
      {formErrors.length > 0 && formErrors[0] !== (state.status === 'error' ? state.message : '') ? (
        <FieldErrors id={id('form-error')} errors={formErrors} />
      ) : null}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {seats === undefined ? null : seats.length === 1 && seats[0] ? (
        <>
          <input type="hidden" name="onBehalfOfId" value={seats[0].id} />
          <p className="font-medium">You sign as: {seats[0].label}</p>
        </>
      ) : (
        <fieldset>
          <legend className="font-medium">Sign as</legend>
          <div className="mt-1 flex flex-wrap gap-6">
            {seats.map((seat) => (
              <label key={seat.id} className="flex items-center gap-2">
                <input type="radio" name="onBehalfOfId" value={seat.id} defaultChecked={(valueOf(state, 'onBehalfOfId') || seats[0]?.id) === seat.id} />
                {seat.label}
              </label>
            ))}
          </div>
        </fieldset>
      )}

      <fieldset aria-describedby={decisionErrors.length > 0 ? `${id('decision')}-error` : undefined}>
        <legend className="font-medium">Decision</legend>
        <div className="mt-1 flex gap-6">
          <label className="flex items-center gap-2">
            <input type="radio" name="decision" value="APPROVED" defaultChecked={decision === 'APPROVED'} />
            Approve
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="decision" value="REJECTED" defaultChecked={decision === 'REJECTED'} />
            Reject
          </label>
        </div>
        <FieldErrors id={`${id('decision')}-error`} errors={decisionErrors} />
      </fieldset>

      <div>
        <label htmlFor={id('statement')} className="block font-medium">
          Statement
        </label>
        <p id={`${id('statement')}-hint`} className="text-sm text-slate-600">
          What you checked and why you decide so (at least {minStatementChars} characters). For a rejection, give the reason.
        </p>
        <textarea
          id={id('statement')}
          name="statement"
          rows={4}
          maxLength={LIMITS.statement}
          defaultValue={valueOf(state, 'statement')}
          className="field-input"
          {...describedBy(id('statement'), errorsFor(state, 'statement'), true)}
        />
        <FieldErrors id={`${id('statement')}-error`} errors={errorsFor(state, 'statement')} />
      </div>

      <div>
        <label htmlFor={id('signature')} className="block font-medium">
          Type your full name to sign
        </label>
        <p id={`${id('signature')}-hint`} className="text-sm text-slate-600">
          Exactly as on your account: {signerName}
        </p>
        <input
          id={id('signature')}
          name="signature"
          type="text"
          autoComplete="off"
          maxLength={LIMITS.signature}
          defaultValue={valueOf(state, 'signature')}
          className="field-input"
          {...describedBy(id('signature'), errorsFor(state, 'signature'), true)}
        />
        <FieldErrors id={`${id('signature')}-error`} errors={errorsFor(state, 'signature')} />
      </div>

      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Signing…' : submitLabel}
      </button>
    </form>
  )
}
