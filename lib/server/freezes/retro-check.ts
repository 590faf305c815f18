import 'server-only'
import type { FreezeDefinition } from '@/lib/domain/freeze/recurrence'
import { formatInterval } from '@/lib/domain/freeze/overlap'
import { recordAudit } from '../audit/record-audit'
import type { Tx } from '../db'
import { lockChange } from '../transaction'
import { findScheduledChangesHitBy, type HitChange } from './find-hit-changes'

/**
 * The retro-check of a declared or extended freeze, inside the saving
 * transaction (the caller holds lockFreezeCalendar, so no scheduling can slip
 * in between): every SCHEDULED change it hits without a valid exception goes
 * back to APPROVED, audited with the freeze named, and its requester gets an
 * in-app notice. The notice is a row written in the same transaction (not a
 * post-commit side effect) so it can never be lost or sent for a rolled-back save.
 */
export async function unscheduleChangesHitBy(
  tx: Tx,
  actorId: string,
  freeze: FreezeDefinition & { activeUntil: Date | null },
): Promise<HitChange[]> {
  const hits = (await findScheduledChangesHitBy(tx, freeze)).filter((hit) => !hit.excepted)
  const unscheduled: HitChange[] = []
  for (const hit of hits) {
    await lockChange(tx, hit.id)
    // Re-read under the row lock: a concurrent transition may have moved it already.
    const moved = await tx.changeRequest.updateMany({
      where: { id: hit.id, status: 'SCHEDULED' },
      data: { status: 'APPROVED', version: { increment: 1 } },
    })
    if (moved.count === 0) continue
    unscheduled.push(hit)
    await recordAudit(tx, [
      {
        action: 'change.unscheduled',
        actorId,
        changeId: hit.id,
        entityType: 'change',
        entityId: hit.id,
        fromStatus: 'SCHEDULED',
        toStatus: 'APPROVED',
        details: {
          cause: 'freeze',
          freezeId: freeze.id,
          freezeName: freeze.name,
          severity: freeze.severity,
          overlap: { start: hit.overlap.start.toISOString(), end: hit.overlap.end.toISOString() },
        },
      },
    ])
    await tx.notification.create({
      data: {
        userId: hit.requesterId,
        changeId: hit.id,
        message: `${hit.number} "${hit.title}" is no longer scheduled: the ${freeze.severity} freeze "${freeze.name}" overlaps its window (${formatInterval(hit.overlap)}). It is back to Approved; move its window or ask for a freeze exception, then schedule it again.`,
      },
    })
  }
  return unscheduled
}
