import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '../audit/record-audit'
import { assertCan } from '../authz'
import { AppError } from '../errors'
import { lockFreezeCalendar, runTransaction } from '../transaction'
import type { TFreezeIdInput } from './schemas'

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
