import { LIMITS } from '@/lib/domain/shared/limits'
import { z } from 'zod'

// The input schemas of lib/server/sign-offs: the single source of its input types.

export const ZAddApproverInput = z.object({
  changeId: z.uuid('Unknown change.'),
  userId: z.uuid('Choose an approver.'),
})
export type TAddApproverInput = z.infer<typeof ZAddApproverInput>

export const ZRemoveApproverInput = z.object({
  changeId: z.uuid('Unknown change.'),
  userId: z.uuid('Choose an approver.'),
  reason: z.string().trim().min(10, 'Say why this approver is no longer needed (at least 10 characters).').max(LIMITS.reason),
})
export type TRemoveApproverInput = z.infer<typeof ZRemoveApproverInput>

export const ZReplaceOwnerInput = z.object({
  changeId: z.uuid('Unknown change.'),
  ownerId: z.uuid('Choose the service owner to replace.'),
  replacementId: z.uuid('Choose who signs in their place.'),
  reason: z.string().trim().min(10, 'Say why the owner is replaced on this change (at least 10 characters).').max(LIMITS.reason),
})
export type TReplaceOwnerInput = z.infer<typeof ZReplaceOwnerInput>

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
  /** A delegate signing in a delegator's seat names the delegator; empty or absent: one's own seat. */
  onBehalfOfId: z.union([z.uuid('Choose whose seat you sign in.'), z.literal('')]).optional(),
})

export type TRecordSignOffInput = z.infer<typeof ZRecordSignOffInput>
