import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { notify } from './change-audit'
import type { TCancelChangeInput } from './lifecycle.schema'
import { performTransition, type TransitionOutcome } from './perform-transition'

/** Withdraws a change before it runs; the reason is kept on the change and in the audit trail. */
export async function cancelChange(actor: Actor, input: TCancelChangeInput): Promise<TransitionOutcome> {
  const outcome = await performTransition(actor, input, 'cancel', { reason: input.reason })
  // Approvers only need to know once they were asked, i.e. after submission.
  const told = outcome.from === 'DRAFT' ? [outcome.requesterId] : [outcome.requesterId, ...outcome.approverIds]
  await notify(
    told.filter((id) => id !== actor.id),
    outcome.id,
    `${actor.name} cancelled ${outcome.number}: ${input.reason.trim()}`,
  )
  return outcome
}
