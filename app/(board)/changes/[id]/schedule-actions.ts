'use server'

import { revalidatePath } from 'next/cache'
import { formValues, toActionState, type ActionState } from '@/lib/server/action-result'
import { requireActor } from '@/lib/server/authz'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import { ZScheduleChangeInput, ZUnscheduleChangeInput } from '@/lib/server/scheduling/schedule-change.schema'
import { unscheduleChange } from '@/lib/server/scheduling/unschedule-change'
import { parseInput } from '@/lib/server/validation'

// The button state is never trusted: scheduleChange evaluates the whole gate again under the locks.

export async function scheduleChangeAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZScheduleChangeInput, values)
    const { number } = await scheduleChange(actor, input)
    revalidatePath(`/changes/${input.changeId}`)
    revalidatePath('/calendar')
    return { status: 'ok', message: `${number} is scheduled.` }
  }, values)
}

export async function unscheduleChangeAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZUnscheduleChangeInput, values)
    await unscheduleChange(actor, input)
    revalidatePath(`/changes/${input.changeId}`)
    revalidatePath('/calendar')
    return { status: 'ok', message: 'The change is off the schedule and approved again.' }
  }, values)
}
