import 'server-only'
import { activeUntilOf, recurrenceRuleProblem, type FreezeDefinition } from '@/lib/domain/freeze/recurrence'
import { localInputToUtc } from '@/lib/domain/time/zoned'
import { AppError } from '../errors'
import type { TFreezeFields } from './schemas'

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
