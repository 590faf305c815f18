import { emergencyJustificationProblem } from '@/lib/domain/freeze/emergency-justification'
import { LIMITS } from '@/lib/domain/shared/limits'
import { isValidTimeZone } from '@/lib/domain/time/zoned'
import { z } from 'zod'

// The input schemas of lib/server/freezes: the single source of its input types.

// Form-level fields of a freeze. Times arrive as <input type="datetime-local">
// values typed in `timeZone`; resolveFreezeFields turns them into UTC instants.
export const ZFreezeFields = z.object({
  name: z.string().trim().min(1, 'Give the freeze a name.').max(LIMITS.name, `Keep the name under ${LIMITS.name} characters.`),
  reason: z.string().trim().min(1, 'Say why changes must not happen in this period.').max(LIMITS.reason, `Keep the reason under ${LIMITS.reason} characters.`),
  startsAtLocal: z.string().trim().min(1, 'Enter when the freeze starts.').max(LIMITS.dateTime),
  endsAtLocal: z.string().trim().min(1, 'Enter when the freeze ends.').max(LIMITS.dateTime),
  timeZone: z.string().trim().max(LIMITS.timeZone).refine(isValidTimeZone, 'Choose a time zone from the list.'),
  scope: z.enum(['ALL_SERVICES', 'SELECTED_SERVICES'], { error: 'Choose all services or selected services.' }),
  serviceIds: z.array(z.uuid('Choose services from the list.')).max(LIMITS.idList).default([]),
  severity: z.enum(['HARD', 'SOFT'], { error: 'Choose HARD or SOFT.' }),
  rrule: z
    .string()
    .trim()
    .max(LIMITS.rrule, `Keep the rule under ${LIMITS.rrule} characters.`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null),
})

export type TFreezeFields = z.infer<typeof ZFreezeFields>

// FullCalendar asks for the visible range; the page's GET filter adds a service.
export const ZCalendarEventsInput = z
  .object({
    start: z.coerce.date(),
    end: z.coerce.date(),
    serviceId: z.uuid().nullable().default(null),
  })
  .refine((v) => v.start < v.end, { message: 'The range must end after it starts.', path: ['end'] })
export type TCalendarEventsInput = z.infer<typeof ZCalendarEventsInput>

export const ZCreateFreezeInput = ZFreezeFields
export type TCreateFreezeInput = z.infer<typeof ZCreateFreezeInput>

/** Input of the actions that act on one freeze by id (end early, delete or archive). */
export const ZFreezeIdInput = z.object({ id: z.uuid('Unknown freeze.') })
export type TFreezeIdInput = z.infer<typeof ZFreezeIdInput>

export const ZGrantFreezeExceptionInput = z.object({
  changeId: z.uuid('Unknown change.'),
  freezeId: z.uuid('Unknown freeze.'),
  // The revision the granter read: a grant never covers content they did not see.
  revision: z.coerce.number().int().min(1),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'Reload the change and try again.'),
  // A written justification, not a rubber stamp: a sentence, not "ok".
  justification: z
    .string()
    .trim()
    .min(15, 'Write at least a sentence explaining why this change may run during the freeze.')
    .max(LIMITS.justification, `Keep the justification under ${LIMITS.justification} characters.`)
    .refine((v) => v.split(/\s+/).length >= 3, 'Write at least a sentence explaining why this change may run during the freeze.'),
})
export type TGrantFreezeExceptionInput = z.infer<typeof ZGrantFreezeExceptionInput>

// An emergency's own justification: the same binding to the revision read, and more than a sentence.
export const ZJustifyEmergencyFreezeInput = ZGrantFreezeExceptionInput.extend({
  justification: z
    .string()
    .trim()
    .max(LIMITS.justification, `Keep the justification under ${LIMITS.justification} characters.`)
    .superRefine((value, ctx) => {
      const problem = emergencyJustificationProblem(value)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
})
export type TJustifyEmergencyFreezeInput = z.infer<typeof ZJustifyEmergencyFreezeInput>

export const ZUpdateFreezeInput = ZFreezeFields.extend({ id: z.uuid('Unknown freeze.') })
export type TUpdateFreezeInput = z.infer<typeof ZUpdateFreezeInput>

// The REST API (app/api/v1/freezes): occurrences in a bounded range of ISO instants.
const ZApiInstant = z.iso.datetime({ offset: true, error: 'Use an ISO 8601 time with an offset, e.g. 2026-12-01T00:00:00Z.' })
export const ZApiFreezeOccurrencesInput = z
  .object({
    freezeId: z.string().max(64),
    from: z.preprocess((v) => (v === '' || v === null ? undefined : v), ZApiInstant.optional()),
    to: z.preprocess((v) => (v === '' || v === null ? undefined : v), ZApiInstant.optional()),
  })
  .transform(({ freezeId, from, to }) => {
    const start = from ? new Date(from) : new Date()
    return { freezeId, start, end: to ? new Date(to) : new Date(start.getTime() + 90 * 86_400_000) }
  })
  .refine((range) => range.end > range.start, { path: ['to'], message: '"to" must be after "from".' })
  .refine((range) => range.end.getTime() - range.start.getTime() <= 400 * 86_400_000, { path: ['to'], message: 'Ask for at most 400 days at a time.' })
export type TApiFreezeOccurrencesInput = z.infer<typeof ZApiFreezeOccurrencesInput>
