import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'

export const ZGrantFreezeExceptionInput = z.object({
  changeId: z.uuid('Unknown change.'),
  freezeId: z.uuid('Unknown freeze.'),
  // The revision the granter read: a grant never covers content they did not see.
  revision: z.coerce.number().int().min(1),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'Reload the change and try again.'),
  // A written justification, not a rubber stamp: a sentence, not "ok".
  justification: z
    .string()
    .trim()
    .min(15, 'Write at least a sentence explaining why this change may run during the freeze.')
    .max(LIMITS.justification, `Keep the justification under ${LIMITS.justification} characters.`)
    .refine((v) => v.split(/\s+/).length >= 3, 'Write at least a sentence explaining why this change may run during the freeze.'),
})
export type TGrantFreezeExceptionInput = z.infer<typeof ZGrantFreezeExceptionInput>
