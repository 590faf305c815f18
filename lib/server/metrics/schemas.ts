import { z } from 'zod'
import { CHANGE_TYPES, RISK_LEVELS } from '@/lib/domain/shared/types'

// The metrics view's question, shared by the page, the CSV export and
// GET /api/v1/metrics: a period (last 30, 90 or 365 days, or custom dates in
// the viewer's zone) and optional filters. Blank fields are absent.
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value)
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional())
const DATE = /^\d{4}-\d{2}-\d{2}$/

export const ZMetricsInput = z
  .object({
    period: z.preprocess(blankToUndefined, z.enum(['30', '90', '365', 'custom'], { error: 'Choose 30, 90 or 365 days, or custom dates.' }).default('90')),
    from: optional(z.string().regex(DATE, 'Use a date like 2026-03-29.')),
    to: optional(z.string().regex(DATE, 'Use a date like 2026-03-29.')),
    serviceId: optional(z.uuid('Unknown service.')),
    type: optional(z.enum(CHANGE_TYPES, { error: 'Unknown change type.' })),
    risk: optional(z.enum(RISK_LEVELS, { error: 'Unknown risk level.' })),
  })
  .superRefine((input, ctx) => {
    if (input.period !== 'custom') return
    if (!input.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'Give the first day of the period.' })
    if (!input.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Give the last day of the period.' })
  })
export type TMetricsInput = z.infer<typeof ZMetricsInput>

/** The tables the CSV export offers (one per table on the page, and the governance figures listed above them). */
export const METRICS_TABLES = ['outcomes-by-risk', 'outcomes-by-type', 'outcomes-by-service', 'weekly', 'governance', 'approvers', 'groups', 'waiting', 'flagged-decisions'] as const
export type MetricsTable = (typeof METRICS_TABLES)[number]
export const ZMetricsExportInput = z.object({ table: z.enum(METRICS_TABLES, { error: 'Unknown table.' }) })

/** First value of each search parameter, for parsing a URL's query or a page's searchParams. */
export function firstValues(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) if (!(key in out)) out[key] = value
  } else {
    for (const [key, value] of Object.entries(params)) {
      const first = Array.isArray(value) ? value[0] : value
      if (first !== undefined) out[key] = first
    }
  }
  return out
}
