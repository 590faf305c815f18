'use server'

import { revalidatePath } from 'next/cache'
import { formValues, toActionState, type ActionState } from '@/lib/server/action-result'
import { requireActor } from '@/lib/server/authz'
import { updateOwnTimeZone } from '@/lib/server/users/update-own-time-zone'
import { ZUpdateOwnTimeZoneInput } from '@/lib/server/users/update-own-time-zone.schema'
import { parseInput } from '@/lib/server/validation'

export async function updateTimeZoneAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    await updateOwnTimeZone(actor, parseInput(ZUpdateOwnTimeZoneInput, values))
    revalidatePath('/', 'layout')
    return { status: 'ok', message: `Times are now shown in ${String(values.timeZone)}.` }
  }, values)
}
