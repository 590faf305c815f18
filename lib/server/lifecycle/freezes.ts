import 'server-only'
import { evaluateFreezeConflicts, findFreezeConflicts, type FreezeConflict } from '@/lib/domain/freeze/check'
import type { ChangeType, FreezePeriod, FreezeSeverity } from '@/lib/generated/prisma/client'
import type { Tx } from '@/lib/server/db'
import type { FreezeDefinition } from '@/lib/domain/freeze/recurrence'
import type { Interval } from '@/lib/domain/freeze/overlap'
import { exceptionHolds } from '@/lib/domain/freeze/exception'

export type FreezeCheckChange = {
  id: string
  type: ChangeType
  windowStart: Date
  windowEnd: Date
  serviceIds: string[]
  fingerprint: string
}

/**
 * The freeze check of the scheduling gate, run inside the caller's transaction
 * (which holds lockFreezeCalendar, so no freeze can appear before it commits).
 * SQL finds candidate freezes by span; the domain expands exact occurrences;
 * exceptions count only for the change's CURRENT fingerprint and the freeze's
 * current severity and revision, so editing either voids them.
 */
export async function checkFreezes(
  tx: Tx,
  change: FreezeCheckChange,
  options: { timeZone?: string } = {},
): Promise<ReturnType<typeof evaluateFreezeConflicts>> {
  const conflicts = await findFreezeConflictsFor(tx, change)
  if (conflicts.length === 0) return { blocking: [], permitted: [] }
  const exceptions = await loadHoldingExceptions(tx, [change])
  return evaluateFreezeConflicts(conflicts, exceptions, { type: change.type, fingerprint: change.fingerprint }, options)
}

/** Every overlapping occurrence of every in-scope freeze, with its exact overlap. */
export async function findFreezeConflictsFor(
  tx: Tx,
  change: { windowStart: Date; windowEnd: Date; serviceIds: readonly string[] },
  options: { excludeFreezeId?: string } = {},
): Promise<FreezeConflict[]> {
  const window = { start: change.windowStart, end: change.windowEnd }
  const freezes = await loadFreezesInRange(tx, window, { serviceIds: change.serviceIds, excludeId: options.excludeFreezeId })
  return findFreezeConflicts({ window, serviceIds: change.serviceIds, freezes })
}

type FreezeRow = {
  id: string
  name: string
  severity: FreezeSeverity
  startsAt: Date
  endsAt: Date
  timeZone: string
  rrule: string | null
  scope: 'ALL_SERVICES' | 'SELECTED_SERVICES'
  archivedAt: Date | null
  serviceIds: string[]
}

export type LoadedFreeze = FreezeDefinition & { archivedAt: Date | null }

/**
 * SQL prefilter: non-archived freezes whose span (first start → end of the last
 * occurrence, unbounded for open recurrences) overlaps the range, using the same
 * half-open `&&` as the domain on the GiST-indexed generated column. Exact
 * occurrences are then expanded by the domain (occurrencesBetween).
 * `serviceIds: 'any'` loads every freeze regardless of scope (calendar, ICS);
 * otherwise only freezes on all services or sharing one of the given services.
 */
export async function loadFreezesInRange(
  tx: Tx,
  range: Interval,
  options: { serviceIds: readonly string[] | 'any'; excludeId?: string },
): Promise<LoadedFreeze[]> {
  const anyService = options.serviceIds === 'any'
  const serviceIds = anyService ? [] : [...options.serviceIds]
  const rows = await tx.$queryRaw<FreezeRow[]>`
    SELECT f.id, f.name, f.severity::text AS severity, f."startsAt", f."endsAt", f."timeZone", f.rrule,
           f.scope::text AS scope, f."archivedAt",
           COALESCE(array_agg(fs."serviceId"::text) FILTER (WHERE fs."serviceId" IS NOT NULL), '{}') AS "serviceIds"
      FROM "FreezePeriod" f
      LEFT JOIN "FreezeService" fs ON fs."freezeId" = f.id
     WHERE f."archivedAt" IS NULL
       AND f.span && tstzrange(${range.start}::timestamptz, ${range.end}::timestamptz, '[)')
       AND (${options.excludeId ?? null}::uuid IS NULL OR f.id <> ${options.excludeId ?? null}::uuid)
       AND (${anyService} OR f.scope = 'ALL_SERVICES' OR EXISTS (
             SELECT 1 FROM "FreezeService" s WHERE s."freezeId" = f.id AND s."serviceId" = ANY(${serviceIds}::uuid[])))
     GROUP BY f.id
     ORDER BY f."startsAt", f.id`
  return rows.map(toDefinition)
}

function toDefinition(row: FreezeRow): LoadedFreeze {
  return { ...toFreezeDefinition(row, row.serviceIds), archivedAt: row.archivedAt }
}

export type FreezeFields = Pick<FreezePeriod, 'id' | 'name' | 'severity' | 'startsAt' | 'endsAt' | 'timeZone' | 'rrule' | 'scope' | 'archivedAt'>

/** A FreezePeriod row as the domain's definition. */
export function toFreezeDefinition(row: FreezeFields, serviceIds: readonly string[]): FreezeDefinition {
  return {
    id: row.id,
    name: row.name,
    severity: row.severity,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    timeZone: row.timeZone,
    rrule: row.rrule,
    allServices: row.scope === 'ALL_SERVICES',
    serviceIds: [...serviceIds],
    archived: row.archivedAt !== null,
  }
}

/** The same, for a row loaded with its service links. */
export function toDefinitionFromRow(row: FreezeFields & { services: { serviceId: string }[] }): FreezeDefinition {
  return toFreezeDefinition(
    row,
    row.services.map((s) => s.serviceId),
  )
}

export type HoldingException = { changeId: string; freezeId: string; fingerprint: string }

/**
 * The exceptions that still excuse these changes: granted for each change's
 * current fingerprint and for its freeze's current severity and revision.
 * Lapsed ones stay in the table (it is append-only) but count for nothing.
 */
export async function loadHoldingExceptions(tx: Tx, changes: readonly { id: string; fingerprint: string | null }[]): Promise<HoldingException[]> {
  const current = new Map(changes.map((c) => [c.id, c.fingerprint]))
  if (current.size === 0) return []
  const rows = await tx.freezeException.findMany({
    where: { changeId: { in: [...current.keys()] } },
    select: {
      changeId: true,
      freezeId: true,
      fingerprint: true,
      grantedSeverity: true,
      freezeRevision: true,
      freeze: { select: { severity: true, revision: true } },
    },
  })
  return rows
    .filter((row) => exceptionHolds(row, row.freeze, current.get(row.changeId) ?? null))
    .map(({ changeId, freezeId, fingerprint }) => ({ changeId, freezeId, fingerprint }))
}
