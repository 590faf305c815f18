'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, FieldErrors, valueOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { FormProblems } from './form-problems'
import { LIMITS } from '@/lib/domain/shared/limits'

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; changeId: string }

/** Anyone who can read the change may comment; ticking the box raises it as a concern. */
export function CommentForm({ action, changeId }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const errors = errorsFor(state, 'body')
  return (
    // A new key after each save empties the box; after a failure it keeps the typed text.
    <form key={state.status === 'ok' ? (state.redirectTo ?? state.message) : 'form'} action={formAction} aria-label="Add a comment" className="space-y-2" noValidate>
      <FormProblems state={state} />
      <input type="hidden" name="changeId" value={changeId} />
      <label htmlFor="comment-body" className="block font-medium">
        Comment
      </label>
      <textarea id="comment-body" name="body" rows={3} maxLength={LIMITS.comment} defaultValue={valueOf(state, 'body')} className="field-input" {...describedBy('comment-body', errors)} />
      <FieldErrors id="comment-body-error" errors={errors} />
      <label className="inline-flex items-center gap-2">
        <input type="checkbox" name="isConcern" defaultChecked={valueOf(state, 'isConcern') === 'on'} />
        Raise this as a concern
      </label>
      <div>
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? 'Posting…' : 'Post comment'}
        </button>
      </div>
    </form>
  )
}
