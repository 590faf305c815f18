'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, FieldErrors, valueOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'
import { FormProblems } from './form-problems'

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; changeId: string }

/** Shown only to the requester or a change manager while the change is in progress. */
export function StatusUpdateForm({ action, changeId }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const errors = errorsFor(state, 'body')
  return (
    // A new key after each post empties the box; after a failure it keeps the typed text.
    <form key={state.status === 'ok' ? (state.redirectTo ?? state.message) : 'form'} action={formAction} aria-labelledby="status-update-heading" className="space-y-2" noValidate>
      <h3 id="status-update-heading" className="font-semibold">
        Post a status update
      </h3>
      <FormProblems state={state} />
      <input type="hidden" name="changeId" value={changeId} />
      <label htmlFor="status-update-body" className="block font-medium">
        Status update
      </label>
      <p id="status-update-body-hint" className="text-sm text-slate-600">
        Short and to the point, e.g. “step 2 of 4 done” or “rolling back: step 3 failed”. Watchers and the requester are told.
      </p>
      <textarea
        id="status-update-body"
        name="body"
        rows={2}
        maxLength={LIMITS.statusUpdate}
        defaultValue={valueOf(state, 'body')}
        className="field-input"
        {...describedBy('status-update-body', errors, true)}
      />
      <FieldErrors id="status-update-body-error" errors={errors} />
      <div>
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? 'Posting…' : 'Post update'}
        </button>
      </div>
    </form>
  )
}
