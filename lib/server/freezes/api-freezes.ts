import 'server-only'
import { occurrencesBetween } from '@/lib/domain/freeze/recurrence'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { toDefinitionFromRow } from '@/lib/server/lifecycle/freezes'
import { freezeStatus } from '@/lib/server/freezes/list-freezes'
import type { TApiFreezeOccurrencesInput } from '@/lib/server/freezes/schemas'

// Freezes for the REST API. Reading the freeze calendar is open to everyone
// signed in (calendar:read), like the calendar page; only admins manage them.

const INCLUDE = { services: { select: { serviceId: true, service: { select: { id: true, name: true } } } } } as const

type Row = Awaited<ReturnType<typeof loadRows>>[number]
const loadRows = (where: { id?: string }) =>
  prisma.freezePeriod.findMany({ where: { archivedAt: null, ...where }, include: INCLUDE, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] })

function apiFreeze(row: Row, now: Date) {
  return {
    id: row.id,
    name: row.name,
    reason: row.reason,
    severity: row.severity,
    /** The first occurrence; a recurring freeze repeats it by `rrule` in `timeZone`. */
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone: row.timeZone,
    rrule: row.rrule,
    activeUntil: row.activeUntil?.toISOString() ?? null,
    allServices: row.scope === 'ALL_SERVICES',
    services: row.services.map((s) => ({ id: s.service.id, name: s.service.name })),
    revision: row.revision,
    status: freezeStatus(row, now),
  }
}

/** Every freeze that is not archived, first start first (ended ones too, with status "ended"). */
export async function listFreezesForApi(actor: Actor, now = new Date()) {
  assertCan(actor, 'calendar:read')
  return (await loadRows({})).map((row) => apiFreeze(row, now))
}

/**
 * One freeze with its occurrences in [start, end). A rule that cannot be fully
 * evaluated fails closed: `complete` is false and the freeze must be taken to
 * cover the whole range (as the gate does).
 */
export async function getFreezeForApi(actor: Actor, input: TApiFreezeOccurrencesInput, now = new Date()) {
  assertCan(actor, 'calendar:read')
  const [row] = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.freezeId) ? await loadRows({ id: input.freezeId }) : []
  if (!row) throw new AppError('NOT_FOUND', 'This freeze does not exist.')
  const found = occurrencesBetween(toDefinitionFromRow(row), { start: input.start, end: input.end })
  return {
    freeze: apiFreeze(row, now),
    range: { from: input.start.toISOString(), to: input.end.toISOString() },
    complete: found.complete,
    occurrences: found.intervals.map((i) => ({ start: i.start.toISOString(), end: i.end.toISOString() })),
  }
}
