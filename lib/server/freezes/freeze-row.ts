import type { FreezeDefinition } from '@/lib/domain/freeze/recurrence'
import type { FreezePeriod } from '@/lib/generated/prisma/client'

/** A FreezePeriod row (with its service links) as the domain's definition. */
export function toDefinitionFromRow(row: FreezePeriod & { services: { serviceId: string }[] }): FreezeDefinition {
  return {
    id: row.id,
    name: row.name,
    severity: row.severity,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    timeZone: row.timeZone,
    rrule: row.rrule,
    allServices: row.scope === 'ALL_SERVICES',
    serviceIds: row.services.map((s) => s.serviceId),
    archived: row.archivedAt !== null,
  }
}
