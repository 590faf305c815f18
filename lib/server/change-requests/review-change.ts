import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import type { TReviewChangeInput } from './lifecycle.schema'
import { performTransition, type TransitionOutcome } from './perform-transition'

/** COMPLETED, ROLLED_BACK or FAILED → CLOSED with the post-implementation review notes. */
export async function reviewChange(actor: Actor, input: TReviewChangeInput): Promise<TransitionOutcome> {
  return performTransition(actor, input, 'review', { notes: input.notes })
}
