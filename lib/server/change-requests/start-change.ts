import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { notify } from './change-audit'
import type { TStartChangeInput } from './lifecycle.schema'
import { performTransition, type TransitionOutcome } from './perform-transition'

/** SCHEDULED → IN_PROGRESS, only inside the window (opening START_GRACE_MINUTES early). */
export async function startChange(actor: Actor, input: TStartChangeInput): Promise<TransitionOutcome> {
  const outcome = await performTransition(actor, input, 'start')
  await notify([outcome.requesterId].filter((id) => id !== actor.id), outcome.id, `${actor.name} started ${outcome.number}.`)
  return outcome
}
