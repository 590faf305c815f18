import { z } from 'zod'

export const ZCreateFollowUpInput = z.object({ changeId: z.uuid('Unknown change.') })
export type TCreateFollowUpInput = z.infer<typeof ZCreateFollowUpInput>
