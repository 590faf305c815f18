import 'server-only'
import { occurrencesBetween } from '@/lib/domain/freeze/recurrence'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '../authz'
import { prisma } from '../db'
import { toDefinitionFromRow } from '@/lib/server/lifecycle/freeze-row'

export type FreezeStatus = 'active' | 'upcoming' | 'ended' | 'archived'

export const FREEZE_STATUS_LABELS: Readonly<Record<FreezeStatus, string>> = {
  active: 'Active now',
  upcoming: 'Upcoming',
  ended: 'Ended',
  archived: 'Archived',
}

const YEAR = 366 * 86_400_000

/**
 * Active = an occurrence covers now (or the rule cannot be fully evaluated, so
 * the freeze is treated as covering every range: fail closed); upcoming = one
 * starts later; ended = none left.
 */
export function freezeStatus(row: Parameters<typeof toDefinitionFromRow>[0] & { activeUntil: Date | null }, now: Date): FreezeStatus {
  if (row.archivedAt) return 'archived'
  if (row.activeUntil && row.activeUntil <= now) return 'ended'
  const definition = toDefinitionFromRow(row)
  const current = occurrencesBetween(definition, { start: now, end: new Date(now.getTime() + 1) })
  if (!current.complete || current.intervals.length > 0) return 'active'
  if (row.startsAt > now) return 'upcoming'
  // A recurring freeze between occurrences: upcoming if another comes within a year.
  const coming = occurrencesBetween(definition, { start: now, end: new Date(now.getTime() + YEAR) })
  return !coming.complete || coming.intervals.length > 0 ? 'upcoming' : 'ended'
}

export async function listFreezes(actor: Actor, now = new Date()) {
  assertCan(actor, 'freeze:manage')
  const rows = await prisma.freezePeriod.findMany({
    include: { services: { select: { serviceId: true, service: { select: { name: true } } } }, createdBy: { select: { name: true } } },
    orderBy: [{ archivedAt: { sort: 'desc', nulls: 'first' } }, { startsAt: 'desc' }],
  })
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    reason: row.reason,
    severity: row.severity,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    timeZone: row.timeZone,
    rrule: row.rrule,
    activeUntil: row.activeUntil,
    scope: row.scope,
    serviceNames: row.services.map((s) => s.service.name).sort(),
    createdBy: row.createdBy.name,
    status: freezeStatus(row, now),
  }))
}

export type FreezeListItem = Awaited<ReturnType<typeof listFreezes>>[number]

export async function getFreezeForEdit(actor: Actor, id: string) {
  assertCan(actor, 'freeze:manage')
  return prisma.freezePeriod.findUnique({ where: { id }, include: { services: { select: { serviceId: true } } } })
}
