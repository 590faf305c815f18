'use client'

import { useActionState } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'
import { FormStatus } from './form-fields'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  /** Hidden fields the action reads (the webhook's or the delivery's id). */
  fields: Record<string, string>
  label: string
  /** Names the row for screen readers, since every row has the same button. */
  accessibleLabel: string
  /** Asked before a destructive action. */
  confirm?: string
}

/** One button that runs one action on one webhook or delivery, with its result beside it. */
export function WebhookButton({ action, fields, label, accessibleLabel, confirm }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  return (
    <form
      action={formAction}
      className="space-y-1"
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault()
      }}
    >
      <FormStatus state={state} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="btn-secondary" disabled={pending} aria-label={accessibleLabel}>
        {pending ? `${label}…` : label}
      </button>
    </form>
  )
}
