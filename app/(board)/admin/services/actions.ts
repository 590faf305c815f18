'use server'

import { revalidatePath } from 'next/cache'
import { formValues, toActionState, type ActionState } from '@/lib/server/action-result'
import { requireActor } from '@/lib/server/authz'
import { createService } from '@/lib/server/services/create-service'
import { ZCreateServiceInput } from '@/lib/server/services/create-service.schema'
import { updateService } from '@/lib/server/services/update-service'
import { ZUpdateServiceInput } from '@/lib/server/services/update-service.schema'
import { parseInput } from '@/lib/server/validation'

// Thin edges: session → zod → one use case (which checks the policy) → ActionState.

export async function createServiceAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZCreateServiceInput, values)
    await createService(actor, input)
    revalidatePath('/admin/services')
    return { status: 'ok', message: `Service ${input.name} created.` }
  }, values)
}

export async function updateServiceAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  return toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const input = parseInput(ZUpdateServiceInput, values)
    await updateService(actor, input)
    revalidatePath('/admin/services')
    return { status: 'ok', message: 'Saved.' }
  }, values)
}
