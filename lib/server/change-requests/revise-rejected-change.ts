import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import type { TReviseRejectedChangeInput } from './lifecycle.schema'
import { performTransition, type TransitionOutcome } from './perform-transition'

/** REJECTED → DRAFT: the requester reworks the change and submits it again as the next revision. */
export async function reviseRejectedChange(actor: Actor, input: TReviseRejectedChangeInput): Promise<TransitionOutcome> {
  return performTransition(actor, input, 'revise')
}
