import { z } from 'zod'
import { ZTimeZone, ZUserName, ZUserRoles } from './user-fields.schema'

export const ZUpdateUserInput = z.object({
  userId: z.uuid('Unknown user.'),
  name: ZUserName,
  roles: ZUserRoles,
  timeZone: ZTimeZone,
})

export type TUpdateUserInput = z.infer<typeof ZUpdateUserInput>
