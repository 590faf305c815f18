// Whether a change filed from a template stays inside what the template's
// approvers approved: the locked fields exactly as written, and a window
// within the template's maximum duration and allowed local days and hours.
import { normalizeServiceIds, normalizeText } from '../change-request/fingerprint'
import { MATERIAL_FIELD_LABELS, type MaterialSource } from '../change-request/material'
import { instantToWallTime } from '../time/zoned'
import { LOCKED_FIELDS, TEMPLATE_TEXT_FIELDS, WEEKDAY_LABELS, formatMinutesOfDay, limitsInWords, lockedValuesOf, type TemplateContent, type TemplateLimits } from './template'

export type FieldErrors = Partial<Record<string, string[]>>
export type FilingResult = { ok: true } | { ok: false; fieldErrors: FieldErrors }

const MINUTE = 60_000
const DAY_MINUTES = 1440

export const LOCKED_MESSAGE = 'This field is fixed by the standard template and cannot be changed.'

/** The locked fields whose value differs from the template's (text compared as the fingerprint compares it). */
export function editedLockedFields(version: TemplateContent, change: Pick<MaterialSource, (typeof LOCKED_FIELDS)[number]>): string[] {
  const locked = lockedValuesOf(version)
  const edited: string[] = TEMPLATE_TEXT_FIELDS.filter((f) => normalizeText(change[f]) !== normalizeText(locked[f]))
  const services = normalizeServiceIds(change.serviceIds)
  const expected = normalizeServiceIds(locked.serviceIds)
  if (services.length !== expected.length || services.some((id, i) => id !== expected[i])) edited.push('serviceIds')
  if (change.type !== locked.type) edited.push('type')
  return edited
}

/** ISO weekday (1 = Monday) and minutes since local midnight of a wall time. */
function wallParts(wall: number): { weekday: number; minutes: number; day: number } {
  const day = Math.floor(wall / (DAY_MINUTES * MINUTE))
  const date = new Date(wall)
  return { weekday: ((date.getUTCDay() + 6) % 7) + 1, minutes: date.getUTCHours() * 60 + date.getUTCMinutes(), day }
}

/**
 * What is wrong with a window for these limits. The duration is real elapsed
 * time (a night with a DST change is an hour shorter or longer); days and
 * hours are the template zone's wall clock, and the whole window must fit in
 * the allowed hours of the local day it starts on.
 */
export function windowProblems(limits: TemplateLimits, start: Date | null, end: Date | null): FieldErrors {
  if (!start || !end || end.getTime() <= start.getTime()) return {}
  const problems: FieldErrors = {}
  const minutes = (end.getTime() - start.getTime()) / MINUTE
  if (minutes > limits.maxDurationMinutes) {
    problems.windowEnd = [`The window lasts ${Math.round(minutes)} minutes; the template allows ${limitsInWords({ ...limits, allowedWeekdays: [], allowedFromMinute: null })}.`]
  }
  const from = wallParts(instantToWallTime(start, limits.timeZone))
  const to = wallParts(instantToWallTime(end, limits.timeZone))
  const startProblems: string[] = []
  if (limits.allowedWeekdays.length > 0 && !limits.allowedWeekdays.includes(from.weekday)) {
    startProblems.push(`The window starts on a ${WEEKDAY_LABELS[from.weekday - 1]} in ${limits.timeZone}; the template allows ${limitsInWords(limits)}.`)
  }
  if (limits.allowedFromMinute !== null && limits.allowedUntilMinute !== null) {
    // End measured from the start's local midnight, so 24:00 and windows past midnight compare correctly.
    const endMinutes = (to.day - from.day) * DAY_MINUTES + to.minutes
    if (from.minutes < limits.allowedFromMinute || endMinutes > limits.allowedUntilMinute) {
      startProblems.push(
        `The window must fall between ${formatMinutesOfDay(limits.allowedFromMinute)} and ${formatMinutesOfDay(limits.allowedUntilMinute)} (${limits.timeZone}) on one day.`,
      )
    }
  }
  if (startProblems.length > 0) problems.windowStart = startProblems
  return problems
}

/** A change filed from a template: locked fields untouched and the window within the limits. */
export function validateTemplateChange(
  version: TemplateContent & TemplateLimits,
  change: Pick<MaterialSource, (typeof LOCKED_FIELDS)[number]> & { windowStart: Date | null; windowEnd: Date | null },
): FilingResult {
  const fieldErrors: FieldErrors = {}
  for (const field of editedLockedFields(version, change)) {
    fieldErrors[field] = [field in MATERIAL_FIELD_LABELS ? `${MATERIAL_FIELD_LABELS[field as keyof typeof MATERIAL_FIELD_LABELS]}: ${LOCKED_MESSAGE}` : LOCKED_MESSAGE]
  }
  Object.assign(fieldErrors, windowProblems(version, change.windowStart, change.windowEnd))
  return Object.keys(fieldErrors).length === 0 ? { ok: true } : { ok: false, fieldErrors }
}
