'use server'

import { revalidatePath } from 'next/cache'
import { toActionState, type ActionState } from '@/lib/server/action-result'
import { requireActor } from '@/lib/server/authz'
import { regenerateIcsToken } from '@/lib/server/freezes/regenerate-ics-token'

export async function regenerateIcsTokenAction(): Promise<ActionState> {
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    await regenerateIcsToken(actor)
    revalidatePath('/calendar')
    return { status: 'ok', message: 'A new calendar link was created; the previous one no longer works.' }
  })
}
