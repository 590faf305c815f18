import 'server-only'
import { notify } from '@/lib/server/notifications/notify'
import { transition } from '@/lib/domain/change-request/state-machine'
import { formatInterval } from '@/lib/domain/time/format-interval'
import type { FreezeDefinition } from '@/lib/domain/freeze/recurrence'
import type { Tx } from '../db'
import { loadChange } from '@/lib/server/lifecycle/change'
import { applyTransition } from '@/lib/server/lifecycle/transition'
import { lockChange } from '../transaction'
import { findScheduledChangesHitBy, type HitChange } from './find-hit-changes'

/**
 * The retro-check of a declared or extended freeze, inside the saving
 * transaction (the caller holds lockFreezeCalendar, so no scheduling can slip
 * in between): every SCHEDULED change it hits without a valid exception goes
 * back to APPROVED through the domain's system 'unschedule' transition,
 * audited with the freeze named, and its requester gets an in-app notice. The
 * notice is a row in the same transaction (not a post-commit side effect) so
 * it can never be lost, nor sent for a save that rolled back.
 */
export async function unscheduleChangesHitBy(
  tx: Tx,
  actorId: string,
  freeze: FreezeDefinition & { activeUntil: Date | null },
  now = new Date(),
): Promise<HitChange[]> {
  const hits = (await findScheduledChangesHitBy(tx, freeze)).filter((hit) => !hit.excepted)
  const unscheduled: HitChange[] = []
  for (const hit of hits) {
    await lockChange(tx, hit.id)
    // Re-read under the row lock: a concurrent transition may have moved it already.
    const change = await loadChange(tx, hit.id)
    // In the freeze's own zone: the reason is stored once and read by everyone.
    const reason = `The ${freeze.severity} freeze "${freeze.name}" overlaps the window (${formatInterval(hit.overlap, freeze.timeZone)}).`
    const result = transition(change, 'unschedule', 'system', now, { reason, freezeId: freeze.id })
    if (!result.ok) continue
    await applyTransition(tx, change.id, result, actorId)
    unscheduled.push(hit)
    await notify(
      {
        kind: 'unscheduled',
        userIds: [hit.requesterId, ...change.approverIds],
        changeId: hit.id,
        message: `${hit.number} "${hit.title}" is no longer scheduled: ${reason} It is back to Approved; move its window or ask for a freeze exception, then schedule it again.`,
      },
      { tx },
    )
  }
  return unscheduled
}
