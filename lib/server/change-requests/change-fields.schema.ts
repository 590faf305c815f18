import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'
import { CHANGE_TYPES, RISK_LEVELS } from '@/lib/domain/shared/types'
import { isValidTimeZone, localInputToUtc } from '@/lib/domain/time/zoned'

// The change form's fields, the single source of the input types. Drafts only
// need a title; the full rules (validateSubmission) run when submitting.

const text = z.string().max(LIMITS.changeText, `Keep this under ${LIMITS.changeText} characters.`).default('')

/** A form sends one checked box as a string and none as nothing. */
const idList = (message: string) =>
  z.preprocess(
    (value) => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.uuid(message)).max(LIMITS.idList, `Choose at most ${LIMITS.idList}.`),
  )

export const ZChangeFields = z
  .object({
    title: z.string({ error: 'Title is required.' }).trim().min(1, 'Title is required.').max(LIMITS.title, `Keep the title under ${LIMITS.title} characters.`),
    type: z.enum(CHANGE_TYPES, { error: 'Choose a change type: standard, normal or emergency.' }).default('NORMAL'),
    riskLevel: z.enum(RISK_LEVELS, { error: 'Choose a risk level: low, medium or high.' }).default('MEDIUM'),
    purpose: text,
    currentState: text,
    futureState: text,
    implementationPlan: text,
    rollbackPlan: text,
    monitoringPlan: text,
    testEvidence: text,
    communicationPlan: text,
    impactDescription: text,
    /** datetime-local values ('YYYY-MM-DDTHH:mm'), read in `timeZone`. */
    windowStart: z.string().trim().max(LIMITS.dateTime).default(''),
    windowEnd: z.string().trim().max(LIMITS.dateTime).default(''),
    /** The zone the form showed next to the window inputs. */
    timeZone: z.string().max(LIMITS.timeZone).default('UTC').refine(isValidTimeZone, 'Unknown time zone; reload the page.'),
    serviceIds: idList('Choose services from the list.'),
    approverIds: idList('Choose approvers from the list.'),
  })
  .transform((fields, ctx) => ({
    ...fields,
    serviceIds: [...new Set(fields.serviceIds)],
    approverIds: [...new Set(fields.approverIds)],
    windowStart: toInstant(fields.windowStart, fields.timeZone, 'windowStart', 'Window start', ctx),
    windowEnd: toInstant(fields.windowEnd, fields.timeZone, 'windowEnd', 'Window end', ctx),
  }))

export type TChangeFieldsInput = z.input<typeof ZChangeFields>
/** Parsed fields: windows are instants (null when left empty). */
export type TChangeFields = z.output<typeof ZChangeFields>

function toInstant(value: string, timeZone: string, path: string, label: string, ctx: z.RefinementCtx): Date | null {
  if (value === '') return null
  const instant = localInputToUtc(value, timeZone)
  if (instant) return instant
  const message = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)
    ? `${label} ${value.replace('T', ' ')} does not exist in ${timeZone} (the clocks change then); pick another time.`
    : `${label} is not a valid date and time.`
  ctx.addIssue({ code: 'custom', path: [path], message })
  return null
}

/** Which change a form edits and the version it was loaded with (optimistic locking). */
export const ZChangeRef = z.object({
  changeId: z.uuid('Unknown change.'),
  version: z.coerce.number({ error: 'Reload the page: the form is missing its version.' }).int().positive(),
})
export type TChangeRef = z.infer<typeof ZChangeRef>
