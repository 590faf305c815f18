import { z } from 'zod'

/**
 * The one form in which an e-mail address is stored, compared and throttled:
 * trimmed and lower-cased. Every way an address enters (forms, sign-in, SSO,
 * the create-admin script, factories and seed) goes through this, so lookups
 * are exact (`=`) and never need a case-insensitive LIKE.
 * The database refuses any other form (CHECK "User_email_normalised").
 */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase()
}

export const INVALID_EMAIL = 'Enter a valid e-mail address.'
export const EMAIL_WILDCARD_MESSAGE = 'An e-mail address cannot contain % or \\.'

/**
 * `%` and `\` are LIKE metacharacters that no real mailbox needs; refusing them
 * keeps an address from ever acting as a pattern, whatever query it reaches.
 * `_` is the third LIKE metacharacter but is common in real addresses
 * (first_last@…); exact matching makes it inert, so it is accepted
 * (docs/decisions/0004-sign-in-identity-and-throttle.md).
 */
const LIKE_WILDCARDS = /[%\\]/

export function hasLikeWildcard(value: string): boolean {
  return LIKE_WILDCARDS.test(value)
}

/** An e-mail field: normalised, wildcard-free, and shaped like an address. */
export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => !hasLikeWildcard(value), { message: EMAIL_WILDCARD_MESSAGE, abort: true })
  .pipe(z.email(INVALID_EMAIL))
