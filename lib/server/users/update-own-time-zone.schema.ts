import { z } from 'zod'
import { ZTimeZone } from './user-fields.schema'

export const ZUpdateOwnTimeZoneInput = z.object({ timeZone: ZTimeZone })
export type TUpdateOwnTimeZoneInput = z.infer<typeof ZUpdateOwnTimeZoneInput>
