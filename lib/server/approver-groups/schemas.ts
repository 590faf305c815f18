import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'

// The input schemas of lib/server/approver-groups: the single source of their input types.

export const ZApproverGroupFields = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(LIMITS.name, `Use at most ${LIMITS.name} characters.`),
  description: z.string().trim().max(LIMITS.description, `Use at most ${LIMITS.description} characters.`).default(''),
})

export const ZCreateApproverGroupInput = ZApproverGroupFields
export type TCreateApproverGroupInput = z.infer<typeof ZCreateApproverGroupInput>

export const ZUpdateApproverGroupInput = ZApproverGroupFields.extend({ groupId: z.uuid('Unknown group.') })
export type TUpdateApproverGroupInput = z.infer<typeof ZUpdateApproverGroupInput>

export const ZApproverGroupIdInput = z.object({ groupId: z.uuid('Unknown group.') })
export type TApproverGroupIdInput = z.infer<typeof ZApproverGroupIdInput>

export const ZGroupMemberInput = z.object({ groupId: z.uuid('Unknown group.'), userId: z.uuid('Choose a person from the list.') })
export type TGroupMemberInput = z.infer<typeof ZGroupMemberInput>
