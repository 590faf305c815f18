import { ZEmail } from '@/lib/domain/shared/email'
import { LIMITS } from '@/lib/domain/shared/limits'
import { ROLES } from '@/lib/domain/shared/types'
import { MIN_PASSWORD_LENGTH } from '@/lib/server/auth/password'
import { z } from 'zod'
import { isValidTimeZone } from '@/lib/domain/time/zoned'
import { NOTICE_KINDS } from '@/lib/domain/notifications/kinds'

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

/**
 * The "E-mail notifications" form: `email` lists the kinds ticked (checkbox
 * values), so an optional kind left out is turned off. Mandatory kinds are
 * always sent, whatever the form says (updateMailPreferences ignores them);
 * a kind that does not exist is refused.
 */
export const ZUpdateMailPreferencesInput = z.object({
  email: z.array(z.enum(NOTICE_KINDS, 'Choose notice kinds from the list.')).max(NOTICE_KINDS.length * 2).default([]),
  mailDigest: z.literal(['on', 'true'], 'Tick the box or leave it empty.').optional().transform((value) => value !== undefined),
})
export type TUpdateMailPreferencesInput = z.infer<typeof ZUpdateMailPreferencesInput>
