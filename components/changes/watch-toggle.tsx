'use client'

import { useActionState } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  /** Whether the viewer watches it now (from the server's render). */
  watching: boolean
  /** What is watched, as the button and status say it: "this change", "Payments API". */
  subject: string
  /** The hidden fields naming what to watch, e.g. { changeId }. */
  target: Record<string, string>
}

/**
 * Watch / Stop watching: a real button whose name says what it will do, and a
 * visible sentence saying the current state. The form sends the state it asks
 * for, so a double click changes nothing.
 */
export function WatchToggle({ action, watching, subject, target }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      {Object.entries(target).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="watch" value={watching ? 'false' : 'true'} />
      <span className="text-sm text-slate-700">{watching ? `You are watching ${subject}.` : `You are not watching ${subject}.`}</span>
      <button type="submit" className="btn-secondary" disabled={pending}>
        {watching ? `Stop watching ${subject}` : `Watch ${subject}`}
      </button>
      {state.status === 'error' ? (
        <span role="alert" className="text-sm text-red-900">
          {state.message}
        </span>
      ) : null}
    </form>
  )
}
