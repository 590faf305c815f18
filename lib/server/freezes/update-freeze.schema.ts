import { z } from 'zod'
import { ZFreezeFields } from './freeze-fields.schema'

export const ZUpdateFreezeInput = ZFreezeFields.extend({ id: z.uuid('Unknown freeze.') })
export type TUpdateFreezeInput = z.infer<typeof ZUpdateFreezeInput>
