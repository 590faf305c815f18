import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { notify } from './change-audit'
import type { TRecordOutcomeInput } from './lifecycle.schema'
import { performTransition, type TransitionOutcome } from './perform-transition'

const VERBS = { complete: 'completed', rollBack: 'rolled back', fail: 'recorded a failure of' } as const

/** IN_PROGRESS → COMPLETED, ROLLED_BACK or FAILED, with outcome notes. */
export async function recordOutcome(actor: Actor, input: TRecordOutcomeInput): Promise<TransitionOutcome> {
  const outcome = await performTransition(actor, input, input.outcome, { notes: input.notes })
  await notify(
    [outcome.requesterId].filter((id) => id !== actor.id),
    outcome.id,
    `${actor.name} ${VERBS[input.outcome]} ${outcome.number}.`,
  )
  return outcome
}
