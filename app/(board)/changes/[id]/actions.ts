'use server'

import { formAction } from '@/lib/server/form-action'
import { addComment } from '@/lib/server/change-requests/add-comment'
import { readChangeForm, ZAddCommentInput, ZChangeFields, ZChangeRef, ZCreateFollowUpInput, ZPostStatusUpdateInput } from '@/lib/server/change-requests/schemas'
import { postStatusUpdate } from '@/lib/server/change-requests/post-status-update'
import { cancelChange, recordOutcome, reviewChange, reviseRejectedChange, startChange } from '@/lib/server/lifecycle/transition'
import { createFollowUpChange } from '@/lib/server/change-requests/create-change'
import {
  ZCancelChangeInput,
  ZRecordOutcomeInput,
  ZReviewChangeInput,
  ZReviseRejectedChangeInput,
  ZStartChangeInput,
} from '@/lib/server/lifecycle/schemas'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { updateChange } from '@/lib/server/change-requests/update-change'
import { grantFreezeException } from '@/lib/server/freezes/grant-freeze-exception'
import { justifyEmergencyFreeze } from '@/lib/server/freezes/justify-emergency-freeze'
import { ZGrantFreezeExceptionInput, ZJustifyEmergencyFreezeInput } from '@/lib/server/freezes/schemas'
import { scheduleChange, unscheduleChange } from '@/lib/server/scheduling/schedule-change'
import { ZScheduleChangeInput, ZUnscheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { addApprover, removeApprover, replaceOwner } from '@/lib/server/sign-offs/manage-approvers'
import { ZAddApproverInput, ZRecordSignOffInput, ZRemoveApproverInput, ZReplaceOwnerInput } from '@/lib/server/sign-offs/schemas'
import { recordSignOff } from '@/lib/server/sign-offs/record-sign-off'
import { parseInput } from '@/lib/server/validation'
import { ZSetChangeWatchInput } from '@/lib/server/watching/schemas'
import { setChangeWatch } from '@/lib/server/watching/watch'

// Every form on the change page and its edit page. Each is formAction: session → zod → one use case
// (which checks the policy itself) → refreshed pages and a message, or field errors with what was typed.

/** The pages showing a change's state: its own, the lists, and whatever else the action names. */
const pagesOf = (changeId: string, ...more: string[]) => [`/changes/${changeId}`, '/changes', ...more]

/** The edit form: save (draft or live change) or, for a draft, save and submit in one transaction. */
export const updateChangeAction = formAction(
  ZChangeRef,
  async (actor, ref, values) => {
    const fields = parseInput(ZChangeFields, values)
    if (values.intent === 'submit') await submitChange(actor, { ref, fields })
    else await updateChange(actor, ref, fields)
    return { message: 'Saved.', revalidate: pagesOf(ref.changeId), redirect: `/changes/${ref.changeId}` }
  },
  { read: readChangeForm },
)

export const submitDraftAction = formAction(ZChangeRef, async (actor, ref) => {
  await submitChange(actor, { ref })
  return { message: 'Submitted for approval.', revalidate: pagesOf(ref.changeId) }
})

export const cancelChangeAction = formAction(ZCancelChangeInput, async (actor, input) => {
  await cancelChange(actor, input)
  return { message: 'The change was cancelled.', revalidate: pagesOf(input.changeId) }
})

export const startChangeAction = formAction(ZStartChangeInput, async (actor, input) => {
  await startChange(actor, input)
  return { message: 'The change is in progress.', revalidate: pagesOf(input.changeId) }
})

export const recordOutcomeAction = formAction(ZRecordOutcomeInput, async (actor, input) => {
  await recordOutcome(actor, input)
  return { message: 'The outcome was recorded.', revalidate: pagesOf(input.changeId) }
})

export const reviewChangeAction = formAction(ZReviewChangeInput, async (actor, input) => {
  await reviewChange(actor, input)
  return { message: 'The review was recorded and the change closed.', revalidate: pagesOf(input.changeId) }
})

export const reviseRejectedAction = formAction(ZReviseRejectedChangeInput, async (actor, input) => {
  await reviseRejectedChange(actor, input)
  return { message: 'The change is a draft again: edit it and submit it.', revalidate: pagesOf(input.changeId) }
})

/** Creates the linked draft and opens it for editing (a new window must be chosen there). */
export const createFollowUpAction = formAction(ZCreateFollowUpInput, async (actor, input) => {
  const created = await createFollowUpChange(actor, input)
  return { message: 'Follow-up created.', revalidate: pagesOf(input.changeId), redirect: `/changes/${created.id}/edit` }
})

export const addCommentAction = formAction(ZAddCommentInput, async (actor, input) => {
  const comment = await addComment(actor, input)
  return { message: input.isConcern ? 'Concern raised.' : 'Comment posted.', revalidate: pagesOf(input.changeId), anchor: `#comment-${comment.id}` }
})

export const postStatusUpdateAction = formAction(ZPostStatusUpdateInput, async (actor, input) => {
  const update = await postStatusUpdate(actor, input)
  return { message: 'Update posted.', revalidate: pagesOf(input.changeId), anchor: `#update-${update.id}` }
})

export const watchChangeAction = formAction(ZSetChangeWatchInput, async (actor, input) => {
  const { watching } = await setChangeWatch(actor, input)
  return { message: watching ? 'You are watching this change.' : 'You stopped watching this change.', revalidate: [`/changes/${input.changeId}`] }
})

export const recordSignOffAction = formAction(ZRecordSignOffInput, async (actor, input) => {
  const result = await recordSignOff(actor, input)
  const verb = result.decision === 'APPROVED' ? 'approved' : 'rejected'
  return {
    message: `You ${verb} revision ${input.revision} of ${result.number}. Your signed statement is recorded.`,
    revalidate: pagesOf(input.changeId, '/approvals'),
  }
})

export const addApproverAction = formAction(ZAddApproverInput, async (actor, input) => {
  await addApprover(actor, input)
  return { message: 'Approver added.', revalidate: pagesOf(input.changeId, '/approvals') }
})

export const removeApproverAction = formAction(ZRemoveApproverInput, async (actor, input) => {
  await removeApprover(actor, input)
  return { message: 'Approver removed.', revalidate: pagesOf(input.changeId, '/approvals') }
})

export const replaceOwnerAction = formAction(ZReplaceOwnerInput, async (actor, input) => {
  await replaceOwner(actor, input)
  return { message: 'Owner replaced on this change.', revalidate: pagesOf(input.changeId, '/approvals') }
})

export const grantFreezeExceptionAction = formAction(ZGrantFreezeExceptionInput, async (actor, input) => {
  await grantFreezeException(actor, input)
  return { message: 'Exception granted for the current revision.', revalidate: pagesOf(input.changeId) }
})

export const justifyEmergencyFreezeAction = formAction(ZJustifyEmergencyFreezeInput, async (actor, input) => {
  await justifyEmergencyFreeze(actor, input)
  return { message: 'Justification recorded: this revision may run in the SOFT freeze.', revalidate: pagesOf(input.changeId) }
})

// The button state is never trusted: scheduleChange evaluates the whole gate again under the locks.
export const scheduleChangeAction = formAction(ZScheduleChangeInput, async (actor, input) => {
  const { number } = await scheduleChange(actor, input)
  return { message: `${number} is scheduled.`, revalidate: pagesOf(input.changeId, '/calendar') }
})

export const unscheduleChangeAction = formAction(ZUnscheduleChangeInput, async (actor, input) => {
  await unscheduleChange(actor, input)
  return { message: 'The change is off the schedule and approved again.', revalidate: pagesOf(input.changeId, '/calendar') }
})
