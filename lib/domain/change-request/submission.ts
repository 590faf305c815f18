// What a change must contain before approvers are asked to look at it.
// The rules reject text that only looks filled in ("n/a", "tbd"), because an
// approver signing a plan of "see above" has not approved a plan.
import { z } from 'zod'
import type { VacantOwnerSeat } from '../sign-off/required-approvers'
import { CHANGE_TYPES, RISK_LEVELS, type Reason } from '../shared/types'
import { MATERIAL_FIELD_LABELS, type MaterialTextField } from './material'

/** Text fields that must be substantive to submit (testEvidence, communicationPlan are optional). */
export const REQUIRED_TEXT_FIELDS = [
  'purpose',
  'currentState',
  'futureState',
  'implementationPlan',
  'rollbackPlan',
  'monitoringPlan',
  'impactDescription',
] as const satisfies readonly MaterialTextField[]

export const MIN_SUBSTANTIVE_CHARS = 10

// Compared after lower-casing and removing whitespace, punctuation and symbols,
// so "N/A", "n.a.", "T.B.D.", "See above." all match.
const PLACEHOLDERS = new Set([
  '',
  'na',
  'notapplicable',
  'tbd',
  'tbc',
  'tba',
  'todo',
  'none',
  'nil',
  'null',
  'nothing',
  'same',
  'sameasabove',
  'seeabove',
  'asabove',
  'seebelow',
  'x',
  'xx',
  'xxx',
])

/** True when the text carries no information: empty, only punctuation, or a known filler word. */
export function isPlaceholderText(text: string): boolean {
  const folded = text.toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '')
  return PLACEHOLDERS.has(folded)
}

export function nonSpaceLength(text: string): number {
  return text.replace(/\s+/gu, '').length
}

/** The message for a text field that is not substantive, or null when it is fine. */
export function substantiveTextProblem(label: string, text: string | undefined | null): string | null {
  if (text === undefined || text === null || text.trim() === '') return `${label} is required.`
  if (isPlaceholderText(text)) return `${label} cannot be a placeholder such as "${text.trim()}"; describe it.`
  if (nonSpaceLength(text) < MIN_SUBSTANTIVE_CHARS) {
    return `${label} needs at least ${MIN_SUBSTANTIVE_CHARS} characters of real text.`
  }
  return null
}

const substantive = (field: MaterialTextField) =>
  z.string({ error: `${MATERIAL_FIELD_LABELS[field]} is required.` }).superRefine((value, ctx) => {
    const problem = substantiveTextProblem(MATERIAL_FIELD_LABELS[field], value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const windowDate = (label: string) =>
  z
    .union([z.date(), z.string(), z.null(), z.undefined()])
    .transform((value, ctx) => {
      const date = value instanceof Date ? value : typeof value === 'string' && value.trim() ? new Date(value) : null
      if (date === null) {
        ctx.addIssue({ code: 'custom', message: `${label} is required.` })
        return z.NEVER
      }
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: 'custom', message: `${label} is not a valid date and time.` })
        return z.NEVER
      }
      return date
    })

/** Static rules of a submittable change. The "window starts in the future" rule needs `now`: see validateSubmission. */
export const ZSubmittableChange = z
  .object({
    title: z.string({ error: 'Title is required.' }).trim().min(1, 'Title is required.'),
    purpose: substantive('purpose'),
    currentState: substantive('currentState'),
    futureState: substantive('futureState'),
    implementationPlan: substantive('implementationPlan'),
    rollbackPlan: substantive('rollbackPlan'),
    monitoringPlan: substantive('monitoringPlan'),
    impactDescription: substantive('impactDescription'),
    testEvidence: z.string().optional(),
    communicationPlan: z.string().optional(),
    type: z.enum(CHANGE_TYPES, { error: 'Choose a change type: standard, normal or emergency.' }),
    riskLevel: z.enum(RISK_LEVELS, { error: 'Choose a risk level: low, medium or high.' }),
    windowStart: windowDate('Window start'),
    windowEnd: windowDate('Window end'),
    serviceIds: z
      .array(z.string(), { error: 'Choose at least one affected service.' })
      .refine((ids) => ids.some((id) => id.trim() !== ''), 'Choose at least one affected service.'),
  })
  .superRefine((change, ctx) => {
    if (change.windowEnd.getTime() <= change.windowStart.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['windowEnd'], message: 'Window end must be after window start.' })
    }
  })
export type TSubmittableChange = z.input<typeof ZSubmittableChange>

export type SubmissionResult = { ok: true } | { ok: false; fieldErrors: Partial<Record<string, string[]>> }

/** Every problem at once, keyed by form field, so the form can show them all. */
export function validateSubmission(change: unknown, now: Date): SubmissionResult {
  const fieldErrors: Partial<Record<string, string[]>> = {}
  const add = (field: string, message: string) => {
    const list = fieldErrors[field] ?? []
    if (!list.includes(message)) list.push(message)
    fieldErrors[field] = list
  }
  const parsed = ZSubmittableChange.safeParse(change)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(String(issue.path[0] ?? 'form'), issue.message)
  }
  // Checked outside zod so it also runs when other fields fail (zod skips refinements then).
  const start = readDate(change, 'windowStart')
  const end = readDate(change, 'windowEnd')
  if (start && start.getTime() <= now.getTime()) add('windowStart', 'Window start must be in the future.')
  if (start && end && end.getTime() <= start.getTime()) add('windowEnd', 'Window end must be after window start.')
  return Object.keys(fieldErrors).length === 0 ? { ok: true } : { ok: false, fieldErrors }
}

function readDate(change: unknown, key: 'windowStart' | 'windowEnd'): Date | null {
  if (change === null || typeof change !== 'object') return null
  const value: unknown = (change as Record<string, unknown>)[key]
  const date = value instanceof Date ? value : typeof value === 'string' && value.trim() ? new Date(value) : null
  return date && !Number.isNaN(date.getTime()) ? date : null
}

/**
 * Every affected service needs someone active in its owner's place before
 * approvers are asked: an inactive owner is never dropped silently (the
 * remaining sign-offs would then settle the change without that service).
 * Reported on the services field, naming each service.
 */
export function vacantOwnerReasons(seats: readonly VacantOwnerSeat[]): Reason[] {
  return seats.map((seat) => ({
    code: 'invalid:serviceIds',
    message: seat.replaced
      ? `${seat.serviceName}: ${seat.holderName}, who replaces its owner on this change, is inactive. A change manager must name an active replacement before the change can be submitted.`
      : `${seat.serviceName}: its owner ${seat.holderName} is inactive. An administrator must give the service an active owner, or a change manager must replace the owner on this change, before it can be submitted.`,
  }))
}
