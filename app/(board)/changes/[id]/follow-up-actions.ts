'use server'

import { redirect } from 'next/navigation'
import { requireActor } from '@/lib/server/authz'
import { createFollowUpChange } from '@/lib/server/change-requests/create-follow-up-change'
import { ZCreateFollowUpInput } from '@/lib/server/change-requests/create-follow-up-change.schema'
import { parseInput } from '@/lib/server/validation'

/** Creates the linked draft and opens it for editing (a new window must be chosen there). */
export async function createFollowUpAction(formData: FormData): Promise<void> {
  const actor = await requireActor({ mode: 'action' })
  const created = await createFollowUpChange(actor, parseInput(ZCreateFollowUpInput, { changeId: formData.get('changeId') }))
  redirect(`/changes/${created.id}/edit`)
}
