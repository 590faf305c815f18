import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '../assert-can'
import { prisma } from '../db'
import type { TFreezeFields } from './schemas'
import { findScheduledChangesHitBy, type HitChange } from './find-hit-changes'
import { redefinesFreeze, resolveFreezeFields } from '@/lib/server/freezes/save-freeze'

/**
 * The SCHEDULED changes a new or edited freeze would hit, before saving, split
 * into those that would be un-scheduled and those an exception keeps. The save
 * recomputes this under the freeze-calendar lock; the preview is advisory.
 */
export async function previewFreezeImpact(
  actor: Actor,
  input: TFreezeFields & { id?: string },
): Promise<{ wouldUnschedule: HitChange[]; keptByException: HitChange[] }> {
  assertCan(actor, 'freeze:manage')
  const { data, definition } = resolveFreezeFields(input, input.id ?? '')
  const hits = await prisma.$transaction(async (tx) => {
    const stored = input.id ? await tx.freezePeriod.findUnique({ where: { id: input.id }, include: { services: { select: { serviceId: true } } } }) : null
    const exceptionsLapse = stored !== null && redefinesFreeze(stored, data)
    return findScheduledChangesHitBy(tx, { ...definition, activeUntil: data.activeUntil }, { exceptionsLapse })
  })
  return { wouldUnschedule: hits.filter((h) => !h.excepted), keptByException: hits.filter((h) => h.excepted) }
}
