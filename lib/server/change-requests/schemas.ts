import { LIMITS } from '@/lib/domain/shared/limits'
import { CHANGE_STATUSES, CHANGE_TYPES, RISK_LEVELS } from '@/lib/domain/shared/types'
import { isValidTimeZone, localInputToUtc } from '@/lib/domain/time/zoned'
import { ZStatusUpdateBody } from '@/lib/domain/change-request/status-update'
import { RISK_ANSWER_PREFIX } from '@/lib/domain/risk/questionnaire'
import { z } from 'zod'

// The input schemas of lib/server/change-requests: the single source of its input types.

// The change form's fields, the single source of the input types. Drafts only
// need a title; the full rules (validateSubmission) run when submitting.

const text = z.string().max(LIMITS.changeText, `Keep this under ${LIMITS.changeText} characters.`).default('')

/** A form sends one checked box as a string and none as nothing. */
const idList = (message: string) =>
  z.preprocess(
    (value) => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.uuid(message)).max(LIMITS.idList, `Choose at most ${LIMITS.idList}.`),
  )

/**
 * Questionnaire answers: `{ "<question id>": true }` (the API), or the form's
 * radio groups folded by readChangeForm into `["<question id>:yes", …]`.
 */
const ZRiskAnswers = z.preprocess(
  (value) => {
    if (value === undefined || value === null || value === '') return {}
    const list = typeof value === 'string' ? [value] : value
    if (!Array.isArray(list)) return value
    return Object.fromEntries(list.map((item) => String(item).split(':')).map(([id, answer]) => [id, answer === 'yes' ? true : answer === 'no' ? false : answer]))
  },
  z
    .record(z.uuid('Answer the questions on the form.'), z.boolean({ error: 'Answer yes or no.' }))
    .refine((answers) => Object.keys(answers).length <= LIMITS.idList, `Answer at most ${LIMITS.idList} questions.`),
)

/** The change form as the schema reads it: each question's radio group folded into `riskAnswers`. */
export function readChangeForm(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {}
  const answers: string[] = []
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue
    const all = formData.getAll(key).filter((v): v is string => typeof v === 'string')
    if (key.startsWith(RISK_ANSWER_PREFIX)) answers.push(`${key.slice(RISK_ANSWER_PREFIX.length)}:${all[0] ?? ''}`)
    values[key] = all.length > 1 ? all : (all[0] ?? '')
  }
  return { ...values, riskAnswers: answers }
}

export const ZChangeFields = z
  .object({
    title: z.string({ error: 'Title is required.' }).trim().min(1, 'Title is required.').max(LIMITS.title, `Keep the title under ${LIMITS.title} characters.`),
    type: z.enum(CHANGE_TYPES, { error: 'Choose a change type: standard, normal or emergency.' }).default('NORMAL'),
    // Risk is computed (lib/server/lifecycle/risk.ts): the requester answers the
    // questionnaire and may raise the result with a reason, never pick a level.
    riskAnswers: ZRiskAnswers,
    riskRaiseLevel: z.preprocess(
      (value) => (value === '' || value === undefined ? null : value),
      z.enum(RISK_LEVELS, { error: 'Choose the level to raise the risk to: medium or high.' }).nullable(),
    ),
    riskRaiseReason: z.string().trim().max(LIMITS.reason, `Keep the reason under ${LIMITS.reason} characters.`).default(''),
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
    /** Filing from a standard template (only when creating; a change never leaves or joins a template later). */
    templateVersionId: z
      .preprocess((value) => (value === '' || value === null ? undefined : value), z.uuid('Choose a standard template from the list.').optional())
      .meta({
        description:
          'Only when creating: file the change from this standard template version (the approved version of an ACTIVE template). Its locked fields (purpose, states, implementation, rollback and monitoring plans, test evidence, services, type STANDARD, risk LOW) must be the template’s; it is approved at once on submission.',
      }),
  })
  .transform((fields, ctx) => ({
    ...fields,
    riskRaise: fields.riskRaiseLevel ? { level: fields.riskRaiseLevel, reason: fields.riskRaiseReason } : null,
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

export const ZAddCommentInput = z.object({
  changeId: z.uuid('Unknown change.'),
  body: z.string({ error: 'Write a comment.' }).trim().min(1, 'Write a comment.').max(LIMITS.comment, `Keep the comment under ${LIMITS.comment} characters.`),
  /** A checkbox: "on" when ticked, absent otherwise. */
  isConcern: z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean()).default(false),
})
export type TAddCommentInput = z.infer<typeof ZAddCommentInput>

/** A status update while the change is in progress (the body's rule lives in the domain). */
export const ZPostStatusUpdateInput = z.object({ changeId: z.uuid('Unknown change.'), body: ZStatusUpdateBody })
export type TPostStatusUpdateInput = z.infer<typeof ZPostStatusUpdateInput>

export const ZCreateFollowUpInput = z.object({ changeId: z.uuid('Unknown change.') })
export type TCreateFollowUpInput = z.infer<typeof ZCreateFollowUpInput>

// The list's GET form: every filter optional, blanks mean "any", so a shared
// URL with empty fields still works.
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value)
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional())
const DATE = /^\d{4}-\d{2}-\d{2}$/

export const ZListChangesInput = z.object({
  status: optional(z.enum(CHANGE_STATUSES, { error: 'Unknown status.' })),
  type: optional(z.enum(CHANGE_TYPES, { error: 'Unknown change type.' })),
  serviceId: optional(z.uuid('Unknown service.')),
  requesterId: optional(z.uuid('Unknown requester.')),
  /** Window range as dates in the viewer's zone; a change matches when its window overlaps it. */
  from: optional(z.string().regex(DATE, 'Use a date like 2026-03-29.')),
  to: optional(z.string().regex(DATE, 'Use a date like 2026-03-29.')),
  q: optional(z.string().trim().max(LIMITS.search)),
  /** Keyset cursor of the page to show (list-cursor.ts); absent for the first page. */
  after: optional(z.string().max(200)),
  /** Position of that page, only to say "Showing 21–40"; ignored without a cursor. */
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1)),
})
export type TListChangesInput = z.infer<typeof ZListChangesInput>

// The REST API's change body (app/api/v1/changes): the form's fields, but the
// window as ISO 8601 instants with an offset (`2026-12-01T22:00:00Z`) instead
// of a wall time in a zone. Unknown keys are ignored.
/** A window end as the API takes it (exported for the OpenAPI document, lib/server/openapi). */
export const ZInstant = z.preprocess(
  (value) => (value === undefined || value === '' ? null : value),
  z.iso.datetime({ offset: true, error: 'Use an ISO 8601 time with an offset, e.g. 2026-12-01T22:00:00Z.' }).nullable(),
)

export const ZApiChangeFields = z.preprocess((value, ctx) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const body: Record<string, unknown> = { ...value, timeZone: 'UTC' }
  if ('riskLevel' in body) {
    ctx.addIssue({
      code: 'custom',
      path: ['riskLevel'],
      message: 'Risk is computed, not picked: send riskAnswers (the questionnaire) and, to raise it, riskRaiseLevel with riskRaiseReason.',
    })
  }
  for (const key of ['windowStart', 'windowEnd'] as const) {
    const parsed = ZInstant.safeParse(body[key])
    if (parsed.success) body[key] = parsed.data === null ? '' : new Date(parsed.data).toISOString().slice(0, 19)
    else {
      ctx.addIssue({ code: 'custom', path: [key], message: parsed.error.issues[0]?.message ?? 'Not a valid time.' })
      body[key] = ''
    }
  }
  return body
}, ZChangeFields)

/** The API's list query: the list page's filters, plus the cursor of the next page. */
export const ZApiListChangesInput = z.object({
  status: ZListChangesInput.shape.status,
  type: ZListChangesInput.shape.type,
  serviceId: ZListChangesInput.shape.serviceId,
  requesterId: ZListChangesInput.shape.requesterId,
  from: ZListChangesInput.shape.from,
  to: ZListChangesInput.shape.to,
  q: ZListChangesInput.shape.q,
  cursor: optional(z.string().max(200)),
})
export type TApiListChangesInput = z.infer<typeof ZApiListChangesInput>
