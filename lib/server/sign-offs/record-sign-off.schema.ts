import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'

// Structure only; the rules on the statement and signature are the domain's
// validateSignOff, so the browser, the API and the tests get the same messages.
export const ZRecordSignOffInput = z.object({
  changeId: z.uuid('Unknown change.'),
  revision: z.coerce.number({ error: 'Reload the page: the revision you are signing is missing.' }).int().positive(),
  fingerprint: z.string().min(1, 'Reload the page: the revision you are signing is missing.').max(LIMITS.fingerprint, 'Reload the page and sign again.'),
  decision: z.string().max(20).default(''),
  // Bounded here because a sign-off is permanent (append-only): nothing huge is ever kept.
  statement: z.string().max(LIMITS.statement, `Keep the statement under ${LIMITS.statement} characters.`).default(''),
  signature: z.string().max(LIMITS.signature, `Type your full name (at most ${LIMITS.signature} characters).`).default(''),
})

export type TRecordSignOffInput = z.infer<typeof ZRecordSignOffInput>
