'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, FieldErrors, FormStatus, valueOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'

/** A change manager's written review of a suspended template. */
export function ReactivateForm({ action, templateId, name }: { action: (state: ActionState, formData: FormData) => Promise<ActionState>; templateId: string; name: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const id = `reactivate-${templateId}`
  const errors = errorsFor(state, 'reason')
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="space-y-2" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="templateId" value={templateId} />
      <label htmlFor={id} className="block font-medium">
        Review of {name}: what you checked and why it is safe again
      </label>
      <textarea id={id} name="reason" rows={3} maxLength={LIMITS.comment} defaultValue={valueOf(state, 'reason')} className="field-input" {...describedBy(id, errors)} />
      <FieldErrors id={`${id}-error`} errors={errors} />
      <button type="submit" className="btn-secondary" disabled={pending}>
        {pending ? 'Saving…' : 'Reactivate after review'}
      </button>
    </form>
  )
}
