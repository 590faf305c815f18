'use server'

import { redirect } from 'next/navigation'
import { revalidatePath } from 'next/cache'
import { formValues, toActionState, type ActionState } from '@/lib/server/action-result'
import { requireActor } from '@/lib/server/authz'
import { addComment } from '@/lib/server/change-requests/add-comment'
import { ZAddCommentInput } from '@/lib/server/change-requests/add-comment.schema'
import { cancelChange } from '@/lib/server/change-requests/cancel-change'
import { ZChangeFields, ZChangeRef } from '@/lib/server/change-requests/change-fields.schema'
import {
  ZCancelChangeInput,
  ZRecordOutcomeInput,
  ZReviewChangeInput,
  ZReviseRejectedChangeInput,
  ZStartChangeInput,
} from '@/lib/server/change-requests/lifecycle.schema'
import { recordOutcome } from '@/lib/server/change-requests/record-outcome'
import { reviewChange } from '@/lib/server/change-requests/review-change'
import { reviseRejectedChange } from '@/lib/server/change-requests/revise-rejected-change'
import { startChange } from '@/lib/server/change-requests/start-change'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { updateChange } from '@/lib/server/change-requests/update-change'
import { parseInput } from '@/lib/server/validation'

function refresh(changeId: string) {
  revalidatePath(`/changes/${changeId}`)
  revalidatePath('/changes')
}

/** The edit form: save (draft or live change) or, for a draft, save and submit in one transaction. */
export async function updateChangeAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  let target = ''
  const state = await toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const ref = parseInput(ZChangeRef, values)
    const fields = parseInput(ZChangeFields, values)
    if (values.intent === 'submit') await submitChange(actor, { ref, fields })
    else await updateChange(actor, ref, fields)
    target = `/changes/${ref.changeId}`
    return { status: 'ok', message: 'Saved.' }
  }, values)
  if (!target) return state
  refresh(target.slice('/changes/'.length))
  redirect(target)
}

/** Runs one lifecycle use case and reloads the page's data. */
async function lifecycle(formData: FormData, work: (values: Record<string, string | string[]>) => Promise<{ id: string }>, message: string) {
  const values = formValues(formData)
  return toActionState(async () => {
    const done = await work(values)
    refresh(done.id)
    return { status: 'ok', message }
  }, values)
}

const actor = () => requireActor({ mode: 'action' })

export async function submitDraftAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return lifecycle(formData, async (v) => submitChange(await actor(), { ref: parseInput(ZChangeRef, v) }), 'Submitted for approval.')
}

export async function cancelChangeAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return lifecycle(formData, async (v) => cancelChange(await actor(), parseInput(ZCancelChangeInput, v)), 'The change was cancelled.')
}

export async function startChangeAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return lifecycle(formData, async (v) => startChange(await actor(), parseInput(ZStartChangeInput, v)), 'The change is in progress.')
}

export async function recordOutcomeAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return lifecycle(formData, async (v) => recordOutcome(await actor(), parseInput(ZRecordOutcomeInput, v)), 'The outcome was recorded.')
}

export async function reviewChangeAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return lifecycle(formData, async (v) => reviewChange(await actor(), parseInput(ZReviewChangeInput, v)), 'The review was recorded and the change closed.')
}

export async function reviseRejectedAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return lifecycle(
    formData,
    async (v) => reviseRejectedChange(await actor(), parseInput(ZReviseRejectedChangeInput, v)),
    'The change is a draft again: edit it and submit it.',
  )
}

export async function addCommentAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  return toActionState(async () => {
    const input = parseInput(ZAddCommentInput, values)
    const comment = await addComment(await actor(), input)
    refresh(input.changeId)
    return { status: 'ok', message: input.isConcern ? 'Concern raised.' : 'Comment posted.', redirectTo: `#comment-${comment.id}` }
  }, values)
}
