import { ZEmail } from '@/lib/domain/shared/email'
import { LIMITS } from '@/lib/domain/shared/limits'
import { ROLES } from '@/lib/domain/shared/types'
import { MIN_PASSWORD_LENGTH } from '@/lib/server/auth/password'
import { z } from 'zod'
import { isValidTimeZone } from '@/lib/domain/time/zoned'

// The input schemas of lib/server/users: the single source of its input types.

// Field rules shared by the create and update schemas.
export const ZUserName = z.string().trim().min(1, 'Enter a name.').max(LIMITS.name, `Use at most ${LIMITS.name} characters.`)
export const ZUserRoles = z.array(z.enum(ROLES, 'Choose a valid role.')).min(1, 'Choose at least one role.')
export const ZTimeZone = z.string().max(LIMITS.timeZone).refine(isValidTimeZone, 'Choose a time zone from the list.')

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

export const ZSetUserActiveInput = z.object({
  userId: z.uuid('Unknown user.'),
  active: z.enum(['true', 'false']).transform((value) => value === 'true'),
})

export type TSetUserActiveInput = z.infer<typeof ZSetUserActiveInput>

export const ZUpdateOwnTimeZoneInput = z.object({ timeZone: ZTimeZone })
export type TUpdateOwnTimeZoneInput = z.infer<typeof ZUpdateOwnTimeZoneInput>

export const ZUpdateUserInput = z.object({
  userId: z.uuid('Unknown user.'),
  name: ZUserName,
  roles: ZUserRoles,
  timeZone: ZTimeZone,
})

export type TUpdateUserInput = z.infer<typeof ZUpdateUserInput>
