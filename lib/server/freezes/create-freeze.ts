import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '../audit/record-audit'
import { assertCan } from '../authz'
import { lockFreezeCalendar, runTransaction } from '../transaction'
import type { TCreateFreezeInput } from './schemas'
import type { HitChange } from './find-hit-changes'
import { resolveFreezeFields } from './resolve-freeze-fields'
import { unscheduleChangesHitBy } from './retro-check'
import { assertServicesExist, freezeColumns, freezeSnapshot } from './save-freeze-rows'

/**
 * Declares a freeze. Takes the freeze-calendar lock first, so a scheduling
 * racing this declaration either committed before (and is un-scheduled by the
 * retro-check here) or runs after (and its gate sees this freeze).
 */
export async function createFreeze(actor: Actor, input: TCreateFreezeInput): Promise<{ id: string; unscheduled: HitChange[] }> {
  assertCan(actor, 'freeze:manage')
  const { data, definition } = resolveFreezeFields(input)
  return runTransaction(async (tx) => {
    await lockFreezeCalendar(tx)
    await assertServicesExist(tx, data.serviceIds)
    const freeze = await tx.freezePeriod.create({
      data: { ...freezeColumns(data), createdById: actor.id, services: { create: data.serviceIds.map((serviceId) => ({ serviceId })) } },
      select: { id: true },
    })
    const unscheduled = await unscheduleChangesHitBy(tx, actor.id, { ...definition, id: freeze.id, activeUntil: data.activeUntil })
    await recordAudit(tx, [
      {
        action: 'freeze.created',
        actorId: actor.id,
        entityType: 'freeze',
        entityId: freeze.id,
        details: { ...freezeSnapshot(data), unscheduledChangeIds: unscheduled.map((c) => c.id) },
      },
    ])
    return { id: freeze.id, unscheduled }
  })
}
