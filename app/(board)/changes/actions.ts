'use server'

import { formAction } from '@/lib/server/form-action'
import { readChangeForm, ZChangeFields } from '@/lib/server/change-requests/schemas'
import { requireActor } from '@/lib/server/authz'
import { previewChangeRisk, type RiskPreview } from '@/lib/server/change-requests/preview-risk'
import { createDraftChange } from '@/lib/server/change-requests/create-change'
import { submitChange } from '@/lib/server/change-requests/submit-change'

/** The new-change form: "Save draft" creates a draft, "Submit for approval" creates and submits atomically. */
export const createChangeAction = formAction(
  ZChangeFields,
  async (actor, fields, values) => {
    const created = values.intent === 'submit' ? await submitChange(actor, { fields }) : await createDraftChange(actor, fields)
    return { message: 'Saved.', revalidate: ['/changes'], redirect: `/changes/${created.id}` }
  },
  { read: readChangeForm },
)

/** The change form's live risk preview (new and edit forms): computed like a save, nothing written. */
export async function previewRiskAction(formData: FormData): Promise<RiskPreview> {
  const actor = await requireActor({ mode: 'action' })
  return previewChangeRisk(actor, readChangeForm(formData))
}
