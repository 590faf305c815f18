'use client'

import { useActionState } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'
import { FormProblems } from './form-problems'

/** Raises the linked draft; a refusal (no longer allowed, change gone) shows here instead of an error page. */
export function FollowUpForm({ changeId, action }: { changeId: string; action: (state: ActionState, formData: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  return (
    <form action={formAction} aria-label="Raise a follow-up change" className="space-y-1">
      <FormProblems state={state} />
      <input type="hidden" name="changeId" value={changeId} />
      <button type="submit" className="btn-secondary" disabled={pending}>
        Raise a follow-up change
      </button>
      <p className="text-sm text-slate-600">A retry after a roll-back, or the next stage: a new draft starting from this content, linked to this change.</p>
    </form>
  )
}
