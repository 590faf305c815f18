import 'server-only'
import { emergencyJustificationReasons } from '@/lib/domain/freeze/emergency-justification'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '../assert-can'
import { AppError } from '../errors'
import { refusal } from '@/lib/server/lifecycle/transition'
import { recordFreezeException } from './grant-freeze-exception'
import type { TJustifyEmergencyFreezeInput } from './schemas'

/**
 * The emergency path through a SOFT freeze (docs/decisions/0014): the
 * requester of an EMERGENCY change (or a change manager) records why it must
 * run inside the freeze. It becomes a SOFT freeze exception for the revision
 * they read, which the gate and the database backstop count like any other
 * and which a material edit voids; a HARD freeze is never opened this way.
 */
export async function justifyEmergencyFreeze(actor: Actor, input: TJustifyEmergencyFreezeInput): Promise<{ id: string }> {
  return recordFreezeException(actor, input, {
    action: 'freeze-exception.justified',
    check: (change, freeze) => {
      assertCan(actor, 'freeze-exception:justify-emergency', change)
      const reasons = emergencyJustificationReasons(change, freeze, input)
      const stale = reasons.find((r) => r.code === 'stale')
      if (stale) throw new AppError('CONFLICT', stale.message)
      if (reasons.length > 0) throw refusal(reasons, 'The justification cannot open this freeze')
    },
  })
}
