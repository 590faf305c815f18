'use server'

import { revalidatePath } from 'next/cache'
import type { FreezeFormState, PreviewItem } from '@/components/freezes/freeze-form-state'
import { formatInterval } from '@/lib/domain/time/format-interval'
import { ruleFromPreset } from '@/lib/domain/freeze/recurrence-presets'
import type { ActionState } from '@/lib/action-state'
import { formAction, formValues, toActionState } from '@/lib/server/form-action'
import { requireActor } from '@/lib/server/authz'
import { createFreeze, updateFreeze } from '@/lib/server/freezes/save-freeze'
import { ZCreateFreezeInput, ZFreezeIdInput, ZUpdateFreezeInput } from '@/lib/server/freezes/schemas'
import { deleteOrArchiveFreeze, endFreezeEarly } from '@/lib/server/freezes/retire-freeze'
import { previewFreezeImpact } from '@/lib/server/freezes/preview-freeze-impact'
import { viewerTimeZone } from '@/lib/server/viewer'
import { parseInput } from '@/lib/server/validation'

// Thin edges: session → zod → one use case (which checks 'freeze:manage') → state.

const FREEZE_PAGES = ['/admin/freezes', '/calendar']

/** Create or edit (with an id); intent=preview only computes the impact, keeping what was typed. */
export async function saveFreezeAction(_previous: FreezeFormState, formData: FormData): Promise<FreezeFormState> {
  const values = formValues(formData)
  const raw = { ...values, rrule: ruleFromPreset(String(values.recurrence ?? ''), String(values.rrule ?? '')), serviceIds: formData.getAll('serviceIds') }
  const preview: { items: PreviewItem[] | null } = { items: null }
  const state = await toActionState(async (): Promise<ActionState> => {
    const actor = await requireActor({ mode: 'action' })
    const input = values.id ? parseInput(ZUpdateFreezeInput, raw) : parseInput(ZCreateFreezeInput, raw)
    if (values.intent === 'preview') {
      const zone = viewerTimeZone(actor)
      const impact = await previewFreezeImpact(actor, input)
      preview.items = [...impact.wouldUnschedule, ...impact.keptByException].map((hit) => ({
        id: hit.id,
        number: hit.number,
        title: hit.title,
        window: formatInterval(hit.window, zone),
        overlap: formatInterval(hit.overlap, zone),
        keptByException: hit.excepted,
      }))
      return { status: 'ok', message: 'Impact preview' }
    }
    const result = 'id' in input && typeof input.id === 'string' ? await updateFreeze(actor, { ...input, id: input.id }) : await createFreeze(actor, input)
    for (const path of FREEZE_PAGES) revalidatePath(path)
    const moved = result.unscheduled.map((c) => c.number).join(', ')
    return { status: 'ok', message: `Freeze "${input.name}" saved.${moved ? ` Moved back to Approved (requesters notified): ${moved}.` : ''}` }
  }, values)
  return preview.items && state.status === 'ok' ? { status: 'preview', message: state.message, items: preview.items, values } : state
}

export const endFreezeEarlyAction = formAction(ZFreezeIdInput, async (actor, input) => {
  await endFreezeEarly(actor, input)
  return { message: 'The freeze has ended.', revalidate: FREEZE_PAGES }
})

export const deleteOrArchiveFreezeAction = formAction(ZFreezeIdInput, async (actor, input) => {
  const { outcome } = await deleteOrArchiveFreeze(actor, input)
  return {
    message: outcome === 'deleted' ? 'The freeze was deleted (it never affected any change).' : 'The freeze was archived (it affected changes, so its history is kept).',
    revalidate: FREEZE_PAGES,
  }
})
