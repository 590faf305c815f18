import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'

export const ZAddCommentInput = z.object({
  changeId: z.uuid('Unknown change.'),
  body: z.string({ error: 'Write a comment.' }).trim().min(1, 'Write a comment.').max(LIMITS.comment, `Keep the comment under ${LIMITS.comment} characters.`),
  /** A checkbox: "on" when ticked, absent otherwise. */
  isConcern: z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean()).default(false),
})
export type TAddCommentInput = z.infer<typeof ZAddCommentInput>
