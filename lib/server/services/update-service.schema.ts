import { z } from 'zod'
import { ZServiceFields } from './service-fields.schema'

export const ZUpdateServiceInput = ZServiceFields.extend({ serviceId: z.uuid('Unknown service.') })

export type TUpdateServiceInput = z.infer<typeof ZUpdateServiceInput>
