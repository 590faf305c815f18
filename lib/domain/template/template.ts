// A standard change template: routine work whose plans were approved once, so
// every change filed from it is approved on the basis of that approval. A
// version is immutable; editing a template proposes the next version.
import { z } from 'zod'
import { LIMITS } from '../shared/limits'
import type { MaterialField } from '../change-request/material'
import { isValidTimeZone } from '../time/zoned'

export const TEMPLATE_STATUSES = ['PROPOSED', 'ACTIVE', 'SUSPENDED', 'RETIRED'] as const
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number]

export const TEMPLATE_VERSION_STATUSES = ['PROPOSED', 'APPROVED', 'REJECTED', 'SUPERSEDED'] as const
export type TemplateVersionStatus = (typeof TEMPLATE_VERSION_STATUSES)[number]

export const TEMPLATE_STATUS_LABELS: Readonly<Record<TemplateStatus, string>> = {
  PROPOSED: 'Proposed (awaiting approval)',
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  RETIRED: 'Retired',
}

/** The locked text of a template: what its approvers approved, copied onto every change filed from it. */
export const TEMPLATE_TEXT_FIELDS = [
  'purpose',
  'currentState',
  'futureState',
  'implementationPlan',
  'rollbackPlan',
  'monitoringPlan',
  'testEvidence',
] as const satisfies readonly MaterialField[]
export type TemplateTextField = (typeof TEMPLATE_TEXT_FIELDS)[number]

/**
 * Every field of a change that its template fixes: the text, the services and
 * the type of a standard change. Not the risk: it is worked out from the
 * change's window and services (lib/domain/risk), never typed, and shown on the
 * change like any other; the template's own approval stands for the work.
 */
export const LOCKED_FIELDS = [...TEMPLATE_TEXT_FIELDS, 'serviceIds', 'type'] as const satisfies readonly MaterialField[]
export type LockedField = (typeof LOCKED_FIELDS)[number]

export function isLockedField(field: string): field is LockedField {
  return (LOCKED_FIELDS as readonly string[]).includes(field)
}

/** When a change from the template may run: its length, and optionally the local days and hours. */
export type TemplateLimits = {
  maxDurationMinutes: number
  /** ISO weekdays (1 = Monday … 7 = Sunday) the window may start on; empty = any day. */
  allowedWeekdays: readonly number[]
  /** Local minutes of the day [from, until) the whole window must fit in; null = any time. */
  allowedFromMinute: number | null
  allowedUntilMinute: number | null
  timeZone: string
}

export type TemplateContent = Record<TemplateTextField, string> & { serviceIds: readonly string[] }

export type TemplateVersion = TemplateContent &
  TemplateLimits & {
    id: string
    version: number
    status: TemplateVersionStatus
    proposedById: string
  }

/** The values a change filed from this version must carry in its locked fields. */
export function lockedValuesOf(version: TemplateContent): Record<TemplateTextField, string> & { serviceIds: string[]; type: 'STANDARD' } {
  const texts = Object.fromEntries(TEMPLATE_TEXT_FIELDS.map((f) => [f, version[f]])) as Record<TemplateTextField, string>
  return { ...texts, serviceIds: [...version.serviceIds], type: 'STANDARD' }
}

export const WEEKDAY_LABELS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

/** 'HH:mm' ↔ minutes of the day; '24:00' is the end of the day. */
export function minutesOfDay(value: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(value.trim())
  if (!m) return null
  const minutes = Number(m[1]) * 60 + Number(m[2])
  return Number(m[2]) < 60 && minutes <= 1440 ? minutes : null
}

export function formatMinutesOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** "at most 2 h, Tuesday–Thursday 22:00–24:00 (Europe/London)": the limits in words. */
export function limitsInWords(limits: TemplateLimits): string {
  const hours = Math.floor(limits.maxDurationMinutes / 60)
  const minutes = limits.maxDurationMinutes % 60
  const duration = `at most ${hours > 0 ? `${hours} h` : ''}${hours > 0 && minutes > 0 ? ' ' : ''}${minutes > 0 ? `${minutes} min` : ''}`
  const days =
    limits.allowedWeekdays.length === 0 || limits.allowedWeekdays.length === 7
      ? ''
      : ` on ${[...limits.allowedWeekdays].sort((a, b) => a - b).map((d) => WEEKDAY_LABELS[d - 1]).join(', ')}`
  const time =
    limits.allowedFromMinute === null || limits.allowedUntilMinute === null
      ? ''
      : ` between ${formatMinutesOfDay(limits.allowedFromMinute)} and ${formatMinutesOfDay(limits.allowedUntilMinute)}`
  return `${duration}${days}${time}${days || time ? ` (${limits.timeZone})` : ''}`
}

const text = (label: string) =>
  z.string({ error: `${label} is required.` }).trim().min(1, `${label} is required.`).max(LIMITS.changeText, `Keep this under ${LIMITS.changeText} characters.`)

/** What a change manager writes when proposing a template (or its next version). */
/** A form sends one checked box as a string and none as nothing. */
const toArray = (value: unknown) => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value])
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value)

export const ZTemplateProposal = z
  .object({
    /** Absent for a new template; set to propose the next version of this one. */
    templateId: z.preprocess(blankToUndefined, z.uuid('Unknown template.').optional()),
    name: z.string({ error: 'Name the template.' }).trim().min(3, 'Name the template (at least 3 characters).').max(LIMITS.title, `Keep the name under ${LIMITS.title} characters.`),
    purpose: text('Purpose'),
    currentState: text('Current state'),
    futureState: text('Future state'),
    implementationPlan: text('Implementation plan'),
    rollbackPlan: text('Rollback plan'),
    monitoringPlan: text('Monitoring plan'),
    testEvidence: text('Test evidence'),
    serviceIds: z.preprocess(toArray, z.array(z.uuid('Choose services from the list.')).min(1, 'Choose at least one service.').max(LIMITS.idList)),
    maxDurationMinutes: z.coerce
      .number({ error: 'Give the maximum duration in minutes.' })
      .int('Give whole minutes.')
      .min(5, 'At least 5 minutes.')
      .max(7 * 24 * 60, 'At most a week (10080 minutes).'),
    allowedWeekdays: z.preprocess(toArray, z.array(z.coerce.number().int().min(1, 'Choose days from the list.').max(7, 'Choose days from the list.')).max(7)),
    allowedFrom: z.string().trim().max(5).default(''),
    allowedUntil: z.string().trim().max(5).default(''),
    timeZone: z.string().max(LIMITS.timeZone).refine(isValidTimeZone, 'Unknown time zone.'),
  })
  .transform((value, ctx) => {
    const from = value.allowedFrom === '' ? null : minutesOfDay(value.allowedFrom)
    const until = value.allowedUntil === '' ? null : minutesOfDay(value.allowedUntil)
    if (value.allowedFrom !== '' && from === null) ctx.addIssue({ code: 'custom', path: ['allowedFrom'], message: 'Use a time like 22:00.' })
    if (value.allowedUntil !== '' && until === null) ctx.addIssue({ code: 'custom', path: ['allowedUntil'], message: 'Use a time like 06:00 (24:00 for midnight).' })
    if ((value.allowedFrom === '') !== (value.allowedUntil === '')) {
      ctx.addIssue({ code: 'custom', path: [value.allowedFrom === '' ? 'allowedFrom' : 'allowedUntil'], message: 'Give both times, or neither.' })
    }
    if (from !== null && until !== null && from >= until) {
      ctx.addIssue({ code: 'custom', path: ['allowedUntil'], message: 'The allowed hours must end after they start, on the same day.' })
    }
    const { allowedFrom: _from, allowedUntil: _until, ...rest } = value
    return {
      ...rest,
      serviceIds: [...new Set(value.serviceIds)],
      allowedWeekdays: [...new Set(value.allowedWeekdays)].sort((a, b) => a - b),
      allowedFromMinute: from,
      allowedUntilMinute: until,
    }
  })
export type TTemplateProposal = z.output<typeof ZTemplateProposal>
