import { z } from 'zod'

/** Input of the actions that act on one freeze by id (end early, delete or archive). */
export const ZFreezeIdInput = z.object({ id: z.uuid('Unknown freeze.') })
export type TFreezeIdInput = z.infer<typeof ZFreezeIdInput>
