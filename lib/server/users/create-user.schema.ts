import { z } from 'zod'
import { ZEmail } from '@/lib/domain/shared/email'
import { MIN_PASSWORD_LENGTH } from '@/lib/server/auth/password'
import { ZTimeZone, ZUserName, ZUserRoles } from './user-fields.schema'

export const ZCreateUserInput = z.object({
  name: ZUserName,
  email: ZEmail,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(200, 'Use at most 200 characters.'),
  roles: ZUserRoles,
  timeZone: ZTimeZone,
})

export type TCreateUserInput = z.infer<typeof ZCreateUserInput>
