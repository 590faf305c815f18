import type { FreezeDefinition } from '@/lib/domain/freeze/recurrence'
import type { FreezePeriod } from '@/lib/generated/prisma/client'

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
