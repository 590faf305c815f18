import type { z } from 'zod'
import { ZFreezeFields } from './freeze-fields.schema'

export const ZCreateFreezeInput = ZFreezeFields
export type TCreateFreezeInput = z.infer<typeof ZCreateFreezeInput>
