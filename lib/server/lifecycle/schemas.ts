import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'
import { DEPLOYMENT_STATUSES } from '@/lib/domain/change-request/deployment-report'

const changeId = z.uuid('Unknown change.')
/** The version the page showed; optional so API callers may skip the check. */
const version = z.coerce.number().int().positive().optional()
const note = (message: string) => z.string({ error: message }).trim().min(1, message).max(LIMITS.note, `Keep this under ${LIMITS.note} characters.`)

export const ZCancelChangeInput = z.object({ changeId, version, reason: note('Give a reason for cancelling the change.') })
export type TCancelChangeInput = z.infer<typeof ZCancelChangeInput>

export const ZStartChangeInput = z.object({ changeId, version })
export type TStartChangeInput = z.infer<typeof ZStartChangeInput>

export const OUTCOMES = ['complete', 'rollBack', 'fail'] as const
export const ZRecordOutcomeInput = z.object({
  changeId,
  version,
  outcome: z.enum(OUTCOMES, { error: 'Choose an outcome: completed, rolled back or failed.' }),
  notes: note('Describe the outcome in the notes.'),
})
export type TRecordOutcomeInput = z.infer<typeof ZRecordOutcomeInput>

export const ZReviewChangeInput = z.object({ changeId, version, notes: note('Write the post-implementation review notes.') })
export type TReviewChangeInput = z.infer<typeof ZReviewChangeInput>

export const ZReviseRejectedChangeInput = z.object({ changeId, version })
export type TReviseRejectedChangeInput = z.infer<typeof ZReviseRejectedChangeInput>

// ── The pipeline gate (GET /api/v1/gate) and deployment reports ──────────────

const MINUTE_MS = 60_000
/** The longest interval a pipeline may ask about at once. */
export const MAX_GATE_DURATION_MINUTES = 7 * 24 * 60
export const DEFAULT_GATE_DURATION_MINUTES = 30
/** Services per gate question: far above any one deployment. */
export const MAX_GATE_SERVICES = 20
const ISO_DURATION = /^P(?:(\d{1,4})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,6})M)?(?:(\d{1,7})S)?)?$/i

/** 'PT45M', 'PT2H', 'P1DT2H30M', 'PT90S' or plain minutes ('45') → whole minutes (seconds round up); null when unreadable. */
export function parseDurationMinutes(text: string): number | null {
  const trimmed = text.trim()
  if (/^\d{1,6}$/.test(trimmed)) return Number(trimmed)
  const match = ISO_DURATION.exec(trimmed)
  if (!match || trimmed.toUpperCase() === 'P' || /T$/i.test(trimmed)) return null
  const [, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0))
  return (days ?? 0) * 1440 + (hours ?? 0) * 60 + (minutes ?? 0) + Math.ceil((seconds ?? 0) / 60)
}

const serviceRef = z.string().trim().min(1, 'Name a service.').max(LIMITS.name, `Keep each service under ${LIMITS.name} characters.`)

export const ZPipelineGateQuery = z.object({
  service: z
    .array(serviceRef)
    .min(1, 'Name at least one service (repeat service= for several).')
    .max(MAX_GATE_SERVICES, `Ask about at most ${MAX_GATE_SERVICES} services at once.`),
  at: z.iso
    .datetime({ offset: true, error: 'Give `at` as an ISO 8601 time with a zone, e.g. 2026-06-10T10:00:00Z.' })
    .transform((text) => new Date(text))
    .optional(),
  duration: z
    .string()
    .max(40, 'Give the duration as ISO 8601 (PT45M) or minutes.')
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return DEFAULT_GATE_DURATION_MINUTES
      const minutes = parseDurationMinutes(text)
      if (minutes === null) {
        ctx.addIssue({ code: 'custom', message: 'Give the duration as ISO 8601 (PT45M, PT2H) or whole minutes.' })
        return z.NEVER
      }
      if (minutes < 1 || minutes > MAX_GATE_DURATION_MINUTES) {
        ctx.addIssue({ code: 'custom', message: `The duration must be between 1 minute and ${MAX_GATE_DURATION_MINUTES / 1440} days.` })
        return z.NEVER
      }
      return minutes
    }),
  change: z
    .string()
    .trim()
    .max(40, 'Give the change as CHG-000123 or its id.')
    .regex(/^(?:(?:chg-?)?\d{1,9}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, 'Give the change as CHG-000123 or its id.')
    .optional(),
})
export type TPipelineGateQuery = z.infer<typeof ZPipelineGateQuery>

/** The query string as the schema reads it: repeated `service` kept as a list, the rest single values. */
export function pipelineGateQueryOf(params: URLSearchParams): Record<string, unknown> {
  const single = (name: string) => params.get(name) ?? undefined
  return { service: params.getAll('service'), at: single('at'), duration: single('duration'), change: single('change') }
}

export const gateIntervalOf = (query: TPipelineGateQuery, now: Date) => {
  const start = query.at ?? now
  return { start, end: new Date(start.getTime() + query.duration * MINUTE_MS) }
}

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'Give an http(s) URL.' })
  .max(LIMITS.url, `Keep the URL under ${LIMITS.url} characters.`)
export const ZDeploymentReportInput = z.object({
  changeId,
  status: z.enum(DEPLOYMENT_STATUSES, { error: 'status is one of started, succeeded, failed, rolled_back.' }),
  ref: z.string().trim().min(1).max(LIMITS.deploymentRef, `Keep the ref under ${LIMITS.deploymentRef} characters.`).optional(),
  url: httpUrl.optional(),
  notes: z.string().trim().max(LIMITS.note, `Keep the notes under ${LIMITS.note} characters.`).optional(),
})
export type TDeploymentReportInput = z.infer<typeof ZDeploymentReportInput>
