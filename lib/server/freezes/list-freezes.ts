import 'server-only'
import { occurrencesBetween } from '@/lib/domain/freeze/recurrence'
import type { Actor, FreezeSeverity } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { loadFreezesInRange, toDefinitionFromRow } from '@/lib/server/lifecycle/freezes'
import type { Interval } from '@/lib/domain/freeze/overlap'

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

export type CurrentFreeze = { id: string; name: string; severity: FreezeSeverity; occurrence: Interval; activeNow: boolean }

const HORIZON = 30 * 86_400_000

/** For everyone's dashboard: freezes running now or starting in the next 30 days (next occurrence each). */
export async function listCurrentFreezes(actor: Actor, now = new Date()): Promise<CurrentFreeze[]> {
  assertCan(actor, 'calendar:read')
  const range = { start: now, end: new Date(now.getTime() + HORIZON) }
  const freezes = await loadFreezesInRange(prisma, range, { serviceIds: 'any' })
  return freezes
    .flatMap((freeze) => {
      const found = occurrencesBetween(freeze, range)
      // Fail closed: a freeze whose rule cannot be fully evaluated counts as covering the whole horizon.
      const next = found.complete ? found.intervals[0] : range
      return next ? [{ id: freeze.id, name: freeze.name, severity: freeze.severity, occurrence: next, activeNow: next.start <= now }] : []
    })
    .sort((a, b) => a.occurrence.start.getTime() - b.occurrence.start.getTime())
}

/** Active services a freeze can be scoped to. */
export async function listFreezeServiceOptions(actor: Actor) {
  assertCan(actor, 'freeze:manage')
  return prisma.service.findMany({ where: { active: true }, select: { id: true, name: true }, orderBy: { name: 'asc' } })
}

/** Every service, for the calendar's filter (reading the calendar is open to all). */
export async function listCalendarServiceOptions() {
  return prisma.service.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } })
}
