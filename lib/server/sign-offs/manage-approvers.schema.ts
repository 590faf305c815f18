import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'

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
