import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/assert-can'
import { AppError } from '@/lib/server/errors'
import { lockFreezeCalendar, runTransaction } from '@/lib/server/transaction'
import type { TFreezeIdInput } from '@/lib/server/freezes/schemas'
import { activeUntilOf } from '@/lib/domain/freeze/recurrence'
import { instantToWallTime } from '@/lib/domain/time/zoned'
import { toDefinitionFromRow } from '@/lib/server/lifecycle/freezes'

/**
 * Deletes a freeze that never affected anything; otherwise archives it, so the
 * exceptions and un-scheduled changes that refer to it keep their history.
 * "Affected" = an exception was granted against it, or the retro-check moved a
 * change because of it (an audit event naming it).
 */
export async function deleteOrArchiveFreeze(actor: Actor, input: TFreezeIdInput): Promise<{ outcome: 'deleted' | 'archived' }> {
  assertCan(actor, 'freeze:manage')
  return runTransaction(async (tx) => {
    await lockFreezeCalendar(tx)
    const row = await tx.freezePeriod.findUnique({ where: { id: input.id }, select: { id: true, name: true, archivedAt: true } })
    if (!row) throw new AppError('NOT_FOUND', 'This freeze does not exist.')
    if (row.archivedAt) throw new AppError('REFUSED', 'This freeze is already archived.')
    const exceptions = await tx.freezeException.count({ where: { freezeId: row.id } })
    const moved = await tx.auditEvent.count({ where: { action: 'change.unscheduled', details: { path: ['freezeId'], equals: row.id } } })
    const outcome = exceptions === 0 && moved === 0 ? 'deleted' : 'archived'
    if (outcome === 'deleted') await tx.freezePeriod.delete({ where: { id: row.id } })
    else await tx.freezePeriod.update({ where: { id: row.id }, data: { archivedAt: new Date() } })
    await recordAudit(tx, [
      { action: `freeze.${outcome}`, actorId: actor.id, entityType: 'freeze', entityId: row.id, details: { name: row.name, exceptions, unscheduledChanges: moved } },
    ])
    return { outcome }
  })
}

/** rrule's UNTIL in the floating wall-time form the domain expands recurrences in. */
function untilClause(now: Date, timeZone: string): string {
  return `UNTIL=${new Date(instantToWallTime(now, timeZone)).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`
}

/**
 * Ends a freeze now. A one-off freeze in progress ends at this instant; a
 * recurring one gets an UNTIL so that no occurrence starts after now (one in
 * progress runs to its end — the admin can edit it to shorten it). Ending only
 * narrows a freeze, so nothing needs re-checking.
 */
export async function endFreezeEarly(actor: Actor, input: TFreezeIdInput, now = new Date()): Promise<void> {
  assertCan(actor, 'freeze:manage')
  await runTransaction(async (tx) => {
    await lockFreezeCalendar(tx)
    const row = await tx.freezePeriod.findUnique({ where: { id: input.id }, include: { services: { select: { serviceId: true } } } })
    if (!row) throw new AppError('NOT_FOUND', 'This freeze does not exist.')
    if (row.archivedAt) throw new AppError('REFUSED', 'This freeze is archived.')
    if (row.activeUntil && row.activeUntil <= now) throw new AppError('REFUSED', 'This freeze has already ended.')
    if (row.startsAt > now) throw new AppError('REFUSED', 'This freeze has not started yet: delete or archive it instead of ending it.')
    let data: { endsAt?: Date; rrule?: string; activeUntil: Date | null }
    if (!row.rrule) {
      data = { endsAt: now, activeUntil: now }
    } else {
      const kept = row.rrule.split(';').filter((part) => !/^(UNTIL|COUNT)=/i.test(part.trim()))
      const rrule = [...kept, untilClause(now, row.timeZone)].join(';')
      data = { rrule, activeUntil: activeUntilOf({ ...toDefinitionFromRow(row), rrule }) }
    }
    await tx.freezePeriod.update({ where: { id: row.id }, data })
    await recordAudit(tx, [
      {
        action: 'freeze.ended-early',
        actorId: actor.id,
        entityType: 'freeze',
        entityId: row.id,
        details: { name: row.name, endedAt: now.toISOString(), previousActiveUntil: row.activeUntil?.toISOString() ?? null, rrule: data.rrule ?? null },
      },
    ])
  })
}
