'use client'

import { useActionState } from 'react'
import type { ActionState } from '@/lib/action-state'

const IDLE: ActionState = { status: 'idle' }

/** One-button form acting on a freeze (end early, delete or archive), with its result announced. */
export function FreezeActionButton({
  action,
  freezeId,
  label,
  explanation,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  freezeId: string
  label: string
  explanation: string
}) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="id" value={freezeId} />
      <p className="text-sm text-slate-700">{explanation}</p>
      <button type="submit" className="btn-secondary" disabled={pending}>
        {label}
      </button>
      {state.status === 'ok' ? <p role="status">{state.message}</p> : null}
      {state.status === 'error' ? (
        <p role="alert" className="text-red-900">
          Not done: {state.message}
        </p>
      ) : null}
    </form>
  )
}
