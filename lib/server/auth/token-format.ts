import { createHash, randomBytes } from 'node:crypto'
import { AppError } from '@/lib/server/errors'

// API tokens: `cb_` + 32 random bytes in base64url (43 characters). The
// prefix makes a leaked token recognisable to secret scanners; only the
// SHA-256 of the whole token is stored, so the database never holds a usable
// secret. A lookup is by that hash (a unique index): an attacker learns
// nothing from timing about any stored token, since what is compared is the
// hash of their guess, and the prefix shown in lists is never used to look up.

export const TOKEN_PREFIX = 'cb_'
const TOKEN_SHAPE = /^cb_[A-Za-z0-9_-]{43}$/
/** How much of a token the lists show ("cb_" and six characters): enough to tell tokens apart, far too little to guess the rest. */
export const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6

export type NewToken = { token: string; hash: string; prefix: string }

export function generateApiToken(): NewToken {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  return { token, hash: hashApiToken(token), prefix: token.slice(0, SHOWN_PREFIX_LENGTH) }
}

/** Lower-case hex SHA-256 of the whole token. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export function looksLikeApiToken(value: string): boolean {
  return TOKEN_SHAPE.test(value)
}

/**
 * The bearer credential of a request: null when there is no Authorization
 * header at all; the token string otherwise (refused with 401 when the header
 * is not `Bearer <token>`).
 */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization')
  if (header === null) return null
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header)
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Send the API token as "Authorization: Bearer cb_…".')
  return match[1]
}


