import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '../audit/record-audit'
import { assertCan } from '../authz'
import { AppError } from '../errors'
import { lockFreezeCalendar, runTransaction } from '../transaction'
import type { HitChange } from './find-hit-changes'
import { resolveFreezeFields } from './resolve-freeze-fields'
import { unscheduleChangesHitBy } from './retro-check'
import { assertServicesExist, freezeColumns, freezeSnapshot, redefinesFreeze } from './save-freeze-rows'
import type { TUpdateFreezeInput } from './schemas'

/**
 * Edits (or extends) a freeze. Any edit may widen it — later end, more
 * services, HARD instead of SOFT, a new rule — so every save runs the
 * retro-check on the new definition; a narrowing edit simply finds nothing.
 * An edit of severity, window, rule or scope is a new freeze revision: the
 * exceptions granted for the old one lapse, so the retro-check un-schedules
 * the changes they kept (a SOFT excuse never survives a raise to HARD).
 */
export async function updateFreeze(actor: Actor, input: TUpdateFreezeInput): Promise<{ id: string; unscheduled: HitChange[] }> {
  assertCan(actor, 'freeze:manage')
  const { data, definition } = resolveFreezeFields(input, input.id)
  return runTransaction(async (tx) => {
    await lockFreezeCalendar(tx)
    const before = await tx.freezePeriod.findUnique({ where: { id: input.id }, include: { services: { select: { serviceId: true } } } })
    if (!before) throw new AppError('NOT_FOUND', 'This freeze does not exist.')
    if (before.archivedAt) throw new AppError('REFUSED', 'This freeze is archived and can no longer be edited.')
    await assertServicesExist(tx, data.serviceIds)
    const redefined = redefinesFreeze(before, data)
    await tx.freezeService.deleteMany({ where: { freezeId: input.id } })
    const after = await tx.freezePeriod.update({
      where: { id: input.id },
      data: {
        ...freezeColumns(data),
        // A new revision lapses every exception granted for the old definition.
        ...(redefined ? { revision: { increment: 1 } } : {}),
        services: { create: data.serviceIds.map((serviceId) => ({ serviceId })) },
      },
      select: { revision: true },
    })
    const unscheduled = await unscheduleChangesHitBy(tx, actor.id, { ...definition, activeUntil: data.activeUntil })
    await recordAudit(tx, [
      {
        action: 'freeze.updated',
        actorId: actor.id,
        entityType: 'freeze',
        entityId: input.id,
        details: {
          before: {
            name: before.name,
            startsAt: before.startsAt.toISOString(),
            endsAt: before.endsAt.toISOString(),
            timeZone: before.timeZone,
            scope: before.scope,
            severity: before.severity,
            rrule: before.rrule,
            serviceIds: before.services.map((s) => s.serviceId),
          },
          after: freezeSnapshot(data),
          revision: after.revision,
          exceptionsLapsed: redefined,
          unscheduledChangeIds: unscheduled.map((c) => c.id),
        },
      },
    ])
    return { id: input.id, unscheduled }
  })
}
