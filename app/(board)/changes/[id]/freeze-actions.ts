'use server'

import { revalidatePath } from 'next/cache'
import { formValues, toActionState, type ActionState } from '@/lib/server/action-result'
import { requireActor } from '@/lib/server/authz'
import { grantFreezeException } from '@/lib/server/freezes/grant-freeze-exception'
import { ZGrantFreezeExceptionInput } from '@/lib/server/freezes/grant-freeze-exception.schema'
import { parseInput } from '@/lib/server/validation'

export async function grantFreezeExceptionAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZGrantFreezeExceptionInput, values)
    await grantFreezeException(actor, input)
    revalidatePath(`/changes/${input.changeId}`)
    return { status: 'ok', message: 'Exception granted for the current revision.' }
  }, values)
}
