'use server'

import { revalidatePath } from 'next/cache'
import { formValues, toActionState, type ActionState } from '@/lib/server/action-result'
import { requireActor } from '@/lib/server/authz'
import { addApprover } from '@/lib/server/sign-offs/add-approver'
import { ZAddApproverInput, ZRemoveApproverInput, ZReplaceOwnerInput } from '@/lib/server/sign-offs/manage-approvers.schema'
import { recordSignOff } from '@/lib/server/sign-offs/record-sign-off'
import { ZRecordSignOffInput } from '@/lib/server/sign-offs/record-sign-off.schema'
import { removeApprover } from '@/lib/server/sign-offs/remove-approver'
import { replaceOwner } from '@/lib/server/sign-offs/replace-owner'
import { parseInput } from '@/lib/server/validation'

// Thin edges: session → zod → one use case (which checks the policy itself) → ActionState.

function refresh(changeId: string) {
  revalidatePath(`/changes/${changeId}`)
  revalidatePath('/approvals')
}

export async function recordSignOffAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZRecordSignOffInput, values)
    const result = await recordSignOff(actor, input)
    refresh(input.changeId)
    const verb = result.decision === 'APPROVED' ? 'approved' : 'rejected'
    return { status: 'ok', message: `You ${verb} revision ${input.revision} of ${result.number}. Your signed statement is recorded.` }
  }, values)
}

export async function addApproverAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZAddApproverInput, values)
    await addApprover(actor, input)
    refresh(input.changeId)
    return { status: 'ok', message: 'Approver added.' }
  }, values)
}

export async function removeApproverAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZRemoveApproverInput, values)
    await removeApprover(actor, input)
    refresh(input.changeId)
    return { status: 'ok', message: 'Approver removed.' }
  }, values)
}

export async function replaceOwnerAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZReplaceOwnerInput, values)
    await replaceOwner(actor, input)
    refresh(input.changeId)
    return { status: 'ok', message: 'Owner replaced on this change.' }
  }, values)
}
