import 'server-only'
import type { FreezeDefinition } from '@/lib/domain/freeze/recurrence'
import type { Interval } from '@/lib/domain/freeze/overlap'
import type { FreezeSeverity } from '@/lib/generated/prisma/client'
import type { Tx } from '@/lib/server/db'
import { toFreezeDefinition } from './freeze-row'

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

export function toDefinition(row: FreezeRow): LoadedFreeze {
  return { ...toFreezeDefinition(row, row.serviceIds), archivedAt: row.archivedAt }
}
