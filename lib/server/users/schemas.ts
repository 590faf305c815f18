import { ZEmail } from '@/lib/domain/shared/email'
import { LIMITS } from '@/lib/domain/shared/limits'
import { API_TOKEN_SCOPES, ROLES } from '@/lib/domain/shared/types'
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

// API tokens (lib/server/users/api-tokens.ts).
export const TOKEN_DEFAULT_DAYS = 90
export const TOKEN_MAX_DAYS = 365

export const ZCreateApiTokenInput = z.object({
  name: z.string({ error: 'Name the token.' }).trim().min(1, 'Name the token, e.g. "deploy pipeline".').max(LIMITS.name, `Use at most ${LIMITS.name} characters.`),
  scope: z.enum(API_TOKEN_SCOPES, 'Choose read or write.'),
  /** Days until it expires; blank means the default. */
  expiresInDays: z.preprocess(
    (value) => (value === '' || value === undefined || value === null ? TOKEN_DEFAULT_DAYS : value),
    z.coerce
      .number({ error: 'Enter a number of days.' })
      .int('Enter a whole number of days.')
      .min(1, 'A token must last at least 1 day.')
      .max(TOKEN_MAX_DAYS, `A token may last at most ${TOKEN_MAX_DAYS} days.`),
  ),
})
export type TCreateApiTokenInput = z.infer<typeof ZCreateApiTokenInput>

export const ZRevokeApiTokenInput = z.object({ tokenId: z.uuid('Unknown token.') })
export type TRevokeApiTokenInput = z.infer<typeof ZRevokeApiTokenInput>

export const ZCreateServiceAccountInput = z.object({ name: ZUserName, roles: ZUserRoles })
export type TCreateServiceAccountInput = z.infer<typeof ZCreateServiceAccountInput>

/** An admin makes a token for a service account. */
export const ZCreateServiceTokenInput = ZCreateApiTokenInput.extend({ userId: z.uuid('Unknown service account.') })
export type TCreateServiceTokenInput = z.infer<typeof ZCreateServiceTokenInput>

export const ZRevokeServiceTokenInput = z.object({ userId: z.uuid('Unknown service account.'), tokenId: z.uuid('Unknown token.') })
export type TRevokeServiceTokenInput = z.infer<typeof ZRevokeServiceTokenInput>
