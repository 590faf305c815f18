'use server'

import { formAction } from '@/lib/server/form-action'
import { ZChangeFields } from '@/lib/server/change-requests/schemas'
import { createDraftChange } from '@/lib/server/change-requests/create-change'
import { submitChange } from '@/lib/server/change-requests/submit-change'

/** The new-change form: "Save draft" creates a draft, "Submit for approval" creates and submits atomically. */
export const createChangeAction = formAction(ZChangeFields, async (actor, fields, values) => {
  const created = values.intent === 'submit' ? await submitChange(actor, { fields }) : await createDraftChange(actor, fields)
  return { message: 'Saved.', revalidate: ['/changes'], redirect: `/changes/${created.id}` }
})
