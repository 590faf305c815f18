import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'
import { CHANGE_STATUSES, CHANGE_TYPES } from '@/lib/domain/shared/types'

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
