'use client'

import { useActionState } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'
import { FormStatus } from './form-fields'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  messageId: string
  /** The status filter in view, so the page comes back to the same list. */
  filter: string
  /** Names the message for screen readers, since every failed row has the same button. */
  subject: string
}

export function RetryMailForm({ action, messageId, subject, filter }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  return (
    <form action={formAction} className="space-y-2">
      <FormStatus state={state} />
      <input type="hidden" name="messageId" value={messageId} />
      <input type="hidden" name="status" value={filter} />
      <button type="submit" className="btn-secondary" disabled={pending} aria-label={`Retry delivery of “${subject}”`}>
        {pending ? 'Retrying…' : 'Retry delivery'}
      </button>
    </form>
  )
}
