import { z } from 'zod'

export const ZAddApproverInput = z.object({
  changeId: z.uuid('Unknown change.'),
  userId: z.uuid('Choose an approver.'),
})
export type TAddApproverInput = z.infer<typeof ZAddApproverInput>

export const ZRemoveApproverInput = z.object({
  changeId: z.uuid('Unknown change.'),
  userId: z.uuid('Choose an approver.'),
  reason: z.string().trim().min(10, 'Say why this approver is no longer needed (at least 10 characters).').max(2000),
})
export type TRemoveApproverInput = z.infer<typeof ZRemoveApproverInput>
