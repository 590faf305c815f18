import type { z } from 'zod'
import { ZServiceFields } from './service-fields.schema'

export const ZCreateServiceInput = ZServiceFields

export type TCreateServiceInput = z.infer<typeof ZCreateServiceInput>
