import 'server-only'
import { freezeNoticeMessage, type FreezeNoticeAction } from '@/lib/domain/notifications/timed'
import type { FreezeSeverity } from '@/lib/domain/shared/types'
import { isValidTimeZone } from '@/lib/domain/time/zoned'
import type { Tx } from '@/lib/server/db'
import { notify } from './notify'

export type FreezeScopeOf = { allServices: boolean; serviceIds: readonly string[] }

/**
 * The owners of the services a freeze covers: for a freeze on all services,
 * the owner of every active service; otherwise the owners of the chosen ones.
 * Services are few (hundreds), so this reads the Service table directly.
 */
export async function freezeOwnerIds(tx: Tx, scope: FreezeScopeOf): Promise<string[]> {
  const services = await tx.service.findMany({
    where: scope.allServices ? { active: true } : { id: { in: [...scope.serviceIds] } },
    select: { ownerId: true },
  })
  return [...new Set(services.map((s) => s.ownerId))].sort()
}

/**
 * A freeze notice (declared, changed or starting) to service owners. Freeze
 * notices belong to no change, so the e-mail carries no change window: the
 * freeze's own window is written into the message in each recipient's zone,
 * one notify() per zone. `formerOwnerIds` (an edit that took services out of
 * scope) are told it no longer covers theirs. Inside the caller's transaction.
 */
export async function notifyFreeze(
  tx: Tx,
  input: {
    action: FreezeNoticeAction
    freeze: { name: string; severity: FreezeSeverity; rrule: string | null }
    occurrence: { start: Date; end: Date }
    ownerIds: readonly string[]
    formerOwnerIds?: readonly string[]
    /** Whoever caused it is not told about their own action. */
    except?: string
    now?: Date
  },
): Promise<void> {
  const covered = new Set(input.ownerIds)
  const everyone = [...new Set([...input.ownerIds, ...(input.formerOwnerIds ?? [])])].filter((id) => id !== input.except)
  if (everyone.length === 0) return
  const users = await tx.user.findMany({ where: { id: { in: everyone }, active: true }, select: { id: true, timeZone: true }, orderBy: { id: 'asc' } })
  const groups = new Map<string, { timeZone: string; coversYourServices: boolean; userIds: string[] }>()
  for (const user of users) {
    const timeZone = isValidTimeZone(user.timeZone) ? user.timeZone : 'UTC'
    const coversYourServices = covered.has(user.id)
    const key = `${timeZone}|${coversYourServices}`
    const group = groups.get(key) ?? { timeZone, coversYourServices, userIds: [] }
    group.userIds.push(user.id)
    groups.set(key, group)
  }
  for (const group of groups.values()) {
    const message = freezeNoticeMessage(
      { action: input.action, ...input.freeze, occurrence: input.occurrence, coversYourServices: group.coversYourServices },
      group.timeZone,
      input.now,
    )
    await notify({ kind: 'freeze', userIds: group.userIds, changeId: null, message }, { tx })
  }
}
