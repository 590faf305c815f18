import 'server-only'
import { AppError } from '../errors'
import type { Tx } from '../db'
import type { ResolvedFreeze } from './resolve-freeze-fields'

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
