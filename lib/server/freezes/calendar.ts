import 'server-only'
import { intersection, type Interval, overlaps } from '@/lib/domain/freeze/overlap'
import { occurrencesBetween } from '@/lib/domain/freeze/recurrence'
import type { ChangeStatus, FreezeSeverity } from '@/lib/generated/prisma/client'
import { prisma, type Tx } from '@/lib/server/db'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { loadFreezesInRange, loadHoldingExceptions } from '@/lib/server/lifecycle/freezes'
import { occurrencesReaching } from '@/lib/domain/freeze/occurrences-reaching'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { AppError } from '@/lib/server/errors'
import type { TCalendarEventsInput } from '@/lib/server/freezes/schemas'
import { sharedResult } from '@/lib/server/shared-result'

export type CalendarChange = {
  id: string
  number: string
  title: string
  status: ChangeStatus
  start: Date
  end: Date
  serviceNames: string[]
  /** Sentences naming each conflict; empty when none. Shown as a text marker, not colour alone. */
  conflicts: string[]
}
export type CalendarFreeze = {
  key: string
  freezeId: string
  name: string
  severity: FreezeSeverity
  start: Date
  end: Date
  scopeLabel: string
  /** Set when the freeze's rule could not be fully evaluated: it is then shown over the whole range. */
  note: string | null
}
export type CalendarData = { changes: CalendarChange[]; freezes: CalendarFreeze[] }

type ChangeRow = { id: string; number: number; title: string; status: ChangeStatus; windowStart: Date; windowEnd: Date; fingerprint: string | null; services: { id: string; name: string }[] }

/**
 * Most changes one range returns (soonest first). A month at a million changes
 * holds thousands of scheduled ones; more than this is unreadable on a calendar.
 */
export const MAX_CALENDAR_CHANGES = 1000

/** Longest range one request may expand (recurring freezes × days); the views need at most ~6 weeks, the feed a year. */
export const MAX_CALENDAR_RANGE_MS = 400 * 86_400_000

/**
 * Scheduled / in-progress changes and freeze occurrences in a range, optionally
 * for one service, with each change's conflicts (freezes in scope without a
 * valid exception, other changes on a shared service) spelled out.
 */
export async function buildCalendar(tx: Tx, range: Interval, serviceId: string | null): Promise<CalendarData> {
  // The first MAX_CALENDAR_CHANGES of the range are chosen before their services are gathered, so a busy
  // range costs one top-N over its ids, not an aggregate of every change in it.
  const rows = await tx.$queryRaw<ChangeRow[]>`
    WITH shown AS (
      SELECT c.id FROM "ChangeRequest" c
       WHERE c.status IN ('SCHEDULED', 'IN_PROGRESS')
         AND c."window" && tstzrange(${range.start}::timestamptz, ${range.end}::timestamptz, '[)')
         AND (${serviceId}::uuid IS NULL OR EXISTS (SELECT 1 FROM "ChangeService" f WHERE f."changeId" = c.id AND f."serviceId" = ${serviceId}::uuid))
       ORDER BY c."windowStart", c.number
       LIMIT ${MAX_CALENDAR_CHANGES})
    SELECT c.id, c.number, c.title, c.status::text AS status, c."windowStart", c."windowEnd", c.fingerprint,
           json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.name) AS services
      FROM shown
      JOIN "ChangeRequest" c ON c.id = shown.id
      JOIN "ChangeService" cs ON cs."changeId" = c.id
      JOIN "Service" s ON s.id = cs."serviceId"
     GROUP BY c.id
     ORDER BY c."windowStart", c.number`
  const freezes = await loadFreezesInRange(tx, range, { serviceIds: serviceId ? [serviceId] : 'any' })
  const serviceNames = new Map((await tx.service.findMany({ select: { id: true, name: true } })).map((s) => [s.id, s.name]))
  const occurrences = freezes.flatMap((freeze): (Interval & { freeze: typeof freeze; note: string | null })[] => {
    const found = occurrencesBetween(freeze, range)
    // Fail closed: a freeze whose rule cannot be fully evaluated covers the whole range.
    if (!found.complete) return [{ freeze, ...range, note: `Its rule could not be fully evaluated (${found.problem}), so it is treated as covering this whole period.` }]
    return found.intervals.map((o) => ({ freeze, ...o, note: null }))
  })
  const reaching = occurrencesReaching(occurrences)
  const exceptions = await loadHoldingExceptions(tx, rows)
  const byService = new Map<string, number[]>()
  rows.forEach((row, index) => {
    for (const service of row.services) {
      const bucket = byService.get(service.id)
      if (bucket) bucket.push(index)
      else byService.set(service.id, [index])
    }
  })
  const changes = rows.map((row): CalendarChange => {
    const window = { start: row.windowStart, end: row.windowEnd }
    const serviceIds = row.services.map((s) => s.id)
    const conflicts: string[] = []
    for (const o of reaching(window)) {
      if (!overlaps(o, window)) continue
      if (!o.freeze.allServices && !o.freeze.serviceIds.some((id) => serviceIds.includes(id))) continue
      const excepted = exceptions.some((e) => e.changeId === row.id && e.freezeId === o.freeze.id)
      const why = o.note ? ' (its rule could not be fully evaluated)' : ''
      conflicts.push(`Inside ${o.freeze.severity} freeze "${o.freeze.name}"${why}${excepted ? ' (exception granted)' : ''}`)
    }
    // Only changes sharing a service can conflict: look those up instead of comparing every pair.
    const neighbours = [...new Set(serviceIds.flatMap((id) => byService.get(id) ?? []))].sort((a, b) => a - b)
    for (const other of neighbours.map((index) => rows[index]).filter((r) => r !== undefined)) {
      if (other.id === row.id) continue
      const shared = other.services.filter((s) => serviceIds.includes(s.id)).map((s) => s.name)
      if (shared.length > 0 && intersection({ start: other.windowStart, end: other.windowEnd }, window)) {
        conflicts.push(`Overlaps ${formatChangeNumber(other.number)} on ${shared.join(', ')}`)
      }
    }
    return {
      id: row.id,
      number: formatChangeNumber(row.number),
      title: row.title,
      status: row.status,
      start: row.windowStart,
      end: row.windowEnd,
      serviceNames: row.services.map((s) => s.name),
      conflicts,
    }
  })
  return {
    changes,
    freezes: occurrences.map((o) => ({
      key: `${o.freeze.id}:${o.start.toISOString()}`,
      freezeId: o.freeze.id,
      name: o.freeze.name,
      severity: o.freeze.severity,
      start: o.start,
      end: o.end,
      scopeLabel: o.freeze.allServices ? 'All services' : o.freeze.serviceIds.map((id) => serviceNames.get(id) ?? 'Unknown service').join(', '),
      note: o.note,
    })),
  }
}

/** The calendar view's data: open to everyone signed in (a CAB works in the open). */
export async function calendarEvents(actor: Actor, input: TCalendarEventsInput): Promise<CalendarData> {
  assertCan(actor, 'calendar:read')
  if (input.end.getTime() - input.start.getTime() > MAX_CALENDAR_RANGE_MS) {
    throw new AppError('INVALID_INPUT', 'Ask for at most about a year at a time.')
  }
  // Every viewer of a month asks the same question, so the answer is shared until the board changes: every write that
  // moves a change or a freeze appends to the audit trail, whose latest id is the key's version (one index probe).
  // No transaction: under READ COMMITTED it would not give one snapshot anyway, only pin a connection (and time out under load).
  const [latest] = await prisma.$queryRaw<{ id: bigint | null }[]>`SELECT max(id) AS id FROM "AuditEvent"`
  const key = JSON.stringify([input.start.toISOString(), input.end.toISOString(), input.serviceId, String(latest?.id ?? 0)])
  return sharedCalendars(key, () => buildCalendar(prisma, { start: input.start, end: input.end }, input.serviceId))
}

/** A minute at most, and never across a write (the version above): the calendar is where people check what was just scheduled. */
const sharedCalendars = sharedResult<CalendarData>({ freshMs: 60_000, staleMs: 60_000, maxEntries: 200 })
