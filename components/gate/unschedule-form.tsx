'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, Field, FormStatus, valueOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'

export function UnscheduleForm({ action, changeId }: { action: (s: ActionState, f: FormData) => Promise<ActionState>; changeId: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const errors = errorsFor(state, 'reason')
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="space-y-3" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="changeId" value={changeId} />
      <Field id="unschedule-reason" label="Reason for taking the change off the schedule" errors={errors}>
        <textarea
          id="unschedule-reason"
          name="reason"
          rows={2}
          maxLength={LIMITS.reason}
          defaultValue={valueOf(state, 'reason')}
          className="field-input"
          {...describedBy('unschedule-reason', errors)}
        />
      </Field>
      <button type="submit" className="btn-secondary" disabled={pending}>
        Unschedule
      </button>
    </form>
  )
}
