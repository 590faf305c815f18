'use client'

import { useActionState } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'
import { FormStatus } from './form-fields'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  user: { id: string; name: string; active: boolean }
}

export function UserActiveForm({ action, user }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  return (
    <form action={formAction} className="space-y-3">
      <FormStatus state={state} />
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="active" value={user.active ? 'false' : 'true'} />
      <p>
        {user.active
          ? `${user.name} can sign in. Deactivating signs them out at once; their history is kept.`
          : `${user.name} is deactivated and cannot sign in.`}
      </p>
      <button type="submit" className="btn-secondary" disabled={pending}>
        {user.active ? 'Deactivate user' : 'Reactivate user'}
      </button>
    </form>
  )
}
