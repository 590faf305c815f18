import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'

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
