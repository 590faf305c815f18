'use server'

import { redirect } from 'next/navigation'
import { revalidatePath } from 'next/cache'
import { formValues, toActionState, type ActionState } from '@/lib/server/action-result'
import { requireActor } from '@/lib/server/authz'
import { ZChangeFields } from '@/lib/server/change-requests/change-fields.schema'
import { createDraftChange } from '@/lib/server/change-requests/create-draft-change'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { parseInput } from '@/lib/server/validation'

// Thin edges: session → zod → one use case → ActionState (typed values kept on failure) or redirect.

/** The new-change form: "Save draft" creates a draft, "Submit for approval" creates and submits atomically. */
export async function createChangeAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData)
  let target = ''
  const state = await toActionState(async () => {
    const actor = await requireActor({ mode: 'action' })
    const fields = parseInput(ZChangeFields, values)
    const created = values.intent === 'submit' ? await submitChange(actor, { fields }) : await createDraftChange(actor, fields)
    target = `/changes/${created.id}`
    return { status: 'ok', message: 'Saved.' }
  }, values)
  if (!target) return state
  revalidatePath('/changes')
  redirect(target)
}
