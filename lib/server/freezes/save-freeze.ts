import 'server-only'
import { emitFreezeSaved } from '@/lib/server/webhooks/lifecycle-events'
import { activeUntilOf, type FreezeDefinition, recurrenceRuleProblem } from '@/lib/domain/freeze/recurrence'
import { localInputToUtc } from '@/lib/domain/time/zoned'
import { AppError } from '@/lib/server/errors'
import type { TCreateFreezeInput, TFreezeFields, TUpdateFreezeInput } from '@/lib/server/freezes/schemas'
import type { Tx } from '@/lib/server/db'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/assert-can'
import { lockFreezeCalendar, runTransaction } from '@/lib/server/transaction'
import type { HitChange } from '@/lib/server/freezes/find-hit-changes'
import { unscheduleChangesHitBy } from '@/lib/server/freezes/retro-check'
import { freezeOwnerIds, notifyFreeze } from '@/lib/server/notifications/freeze-notices'

export type ResolvedFreeze = {
  name: string
  reason: string
  startsAt: Date
  endsAt: Date
  timeZone: string
  scope: 'ALL_SERVICES' | 'SELECTED_SERVICES'
  serviceIds: string[]
  severity: 'HARD' | 'SOFT'
  rrule: string | null
  activeUntil: Date | null
}

/**
 * Local times + zone → UTC, recurrence rule validated, activeUntil computed by
 * the domain. Throws INVALID_INPUT with field errors the form shows in place.
 */
export function resolveFreezeFields(fields: TFreezeFields, id = ''): { data: ResolvedFreeze; definition: FreezeDefinition } {
  const fieldErrors: Record<string, string[]> = {}
  const startsAt = localInputToUtc(fields.startsAtLocal, fields.timeZone)
  const endsAt = localInputToUtc(fields.endsAtLocal, fields.timeZone)
  if (!startsAt) fieldErrors.startsAtLocal = [`This time does not exist in ${fields.timeZone} (or is not a valid date and time).`]
  if (!endsAt) fieldErrors.endsAtLocal = [`This time does not exist in ${fields.timeZone} (or is not a valid date and time).`]
  if (startsAt && endsAt && endsAt <= startsAt) fieldErrors.endsAtLocal = ['The end must be after the start.']
  const serviceIds = fields.scope === 'SELECTED_SERVICES' ? [...new Set(fields.serviceIds)] : []
  if (fields.scope === 'SELECTED_SERVICES' && serviceIds.length === 0) fieldErrors.serviceIds = ['Choose at least one service, or "All services".']
  const ruleProblem = fields.rrule ? recurrenceRuleProblem(fields.rrule) : null
  if (ruleProblem) fieldErrors.rrule = [ruleProblem]
  if (!startsAt || !endsAt || Object.keys(fieldErrors).length > 0) {
    throw new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors })
  }
  const definition: FreezeDefinition = {
    id,
    name: fields.name,
    severity: fields.severity,
    startsAt,
    endsAt,
    timeZone: fields.timeZone,
    rrule: fields.rrule,
    allServices: fields.scope === 'ALL_SERVICES',
    serviceIds,
  }
  const { name, reason, timeZone, scope, severity, rrule } = fields
  const data: ResolvedFreeze = { name, reason, timeZone, scope, severity, rrule, startsAt, endsAt, serviceIds, activeUntil: activeUntilOf(definition) }
  return { data, definition }
}

/** Selected services must exist and be active; a typo'd id must not silently widen nothing. */
export async function assertServicesExist(tx: Tx, serviceIds: readonly string[]): Promise<void> {
  if (serviceIds.length === 0) return
  const found = await tx.service.count({ where: { id: { in: [...serviceIds] }, active: true } })
  if (found !== serviceIds.length) {
    throw new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors: { serviceIds: ['Choose active services from the list.'] } })
  }
}

/** Row data for FreezePeriod from resolved fields (services are written separately). */
export function freezeColumns(data: ResolvedFreeze) {
  return {
    name: data.name,
    reason: data.reason,
    startsAt: data.startsAt,
    endsAt: data.endsAt,
    timeZone: data.timeZone,
    scope: data.scope,
    severity: data.severity,
    rrule: data.rrule,
    activeUntil: data.activeUntil,
  }
}

/** JSON-friendly snapshot for audit details. */
export function freezeSnapshot(data: ResolvedFreeze) {
  return {
    ...freezeColumns(data),
    startsAt: data.startsAt.toISOString(),
    endsAt: data.endsAt.toISOString(),
    activeUntil: data.activeUntil?.toISOString() ?? null,
    serviceIds: data.serviceIds,
  }
}

type StoredFreeze = Pick<ResolvedFreeze, 'startsAt' | 'endsAt' | 'timeZone' | 'scope' | 'severity' | 'rrule'> & { services: { serviceId: string }[] }

/**
 * Whether saving `next` over `stored` changes what the freeze covers or how
 * hard it is: severity, window, rule, zone or scope. Such an edit starts a new
 * freeze revision, and every exception granted for the old one lapses. Name
 * and reason are not material.
 */
export function redefinesFreeze(stored: StoredFreeze, next: ResolvedFreeze): boolean {
  const sameServices = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join()
  return (
    stored.severity !== next.severity ||
    stored.startsAt.getTime() !== next.startsAt.getTime() ||
    stored.endsAt.getTime() !== next.endsAt.getTime() ||
    stored.timeZone !== next.timeZone ||
    (stored.rrule ?? null) !== (next.rrule ?? null) ||
    stored.scope !== next.scope ||
    !sameServices(stored.services.map((s) => s.serviceId), next.serviceIds)
  )
}

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
    await emitFreezeSaved(tx, 'declared', { ...data, id: freeze.id, revision: 1 })
    // Issue 11: the owners of the services in scope hear of it, in their own zone.
    await notifyFreeze(tx, {
      action: 'declared',
      freeze: data,
      occurrence: { start: data.startsAt, end: data.endsAt },
      ownerIds: await freezeOwnerIds(tx, definition),
      except: actor.id,
    })
    return { id: freeze.id, unscheduled }
  })
}

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
    await emitFreezeSaved(tx, 'changed', { ...data, id: input.id, revision: after.revision }, {
      allServices: before.scope === 'ALL_SERVICES',
      serviceIds: before.services.map((s) => s.serviceId),
    })
    // Issue 11: owners in scope after the edit hear what it covers now; owners it no longer covers hear that.
    await notifyFreeze(tx, {
      action: 'changed',
      freeze: data,
      occurrence: { start: data.startsAt, end: data.endsAt },
      ownerIds: await freezeOwnerIds(tx, definition),
      formerOwnerIds: await freezeOwnerIds(tx, { allServices: before.scope === 'ALL_SERVICES', serviceIds: before.services.map((s) => s.serviceId) }),
      except: actor.id,
    })
    return { id: input.id, unscheduled }
  })
}
