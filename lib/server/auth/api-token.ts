import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { env } from '@/lib/env'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { hashApiToken, looksLikeApiToken } from './token-format'

export { bearerToken, generateApiToken, hashApiToken, looksLikeApiToken } from './token-format'

function unauthenticated(message: string): AppError {
  return new AppError('UNAUTHENTICATED', message)
}

/** lastUsedAt is written at most once a minute per token: a busy pipeline must not turn every read into a write. */
const LAST_USED_GRANULARITY_MS = 60_000

/**
 * The actor behind a bearer token, or 401. Unknown, revoked and expired
 * tokens are refused, and so is any token of a deactivated user (read from the
 * database on every request, so deactivation applies at once). Counts the
 * request against the token's rate limit (429 with Retry-After).
 */
export async function actorForToken(token: string, now = new Date()): Promise<Actor> {
  if (!looksLikeApiToken(token)) throw unauthenticated('This API token is not valid.')
  const row = await prisma.apiToken.findUnique({
    where: { hash: hashApiToken(token) },
    select: {
      id: true,
      scope: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, name: true, roles: true, active: true, timeZone: true } },
    },
  })
  if (!row) throw unauthenticated('This API token is not valid.')
  if (row.revokedAt) throw unauthenticated('This API token has been revoked.')
  if (row.expiresAt <= now) throw unauthenticated('This API token has expired.')
  if (!row.user.active) throw unauthenticated('The account this API token belongs to is deactivated.')
  await countRequest(row.id, now)
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
    // Conditional, so parallel requests in the same minute write once.
    await prisma.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_GRANULARITY_MS) } }] },
      data: { lastUsedAt: now },
    })
  }
  const { user } = row
  return { id: user.id, name: user.name, roles: user.roles, timeZone: user.timeZone, via: 'token', tokenScope: row.scope }
}

const WINDOW_SECONDS = 60

/**
 * One fixed one-minute window per token in ApiRateLimit (PostgreSQL, so all
 * instances share it), counted in one atomic upsert. Over the limit: 429 with
 * the seconds left in the window.
 */
export async function countRequest(tokenId: string, now: Date, limit = env().API_RATE_LIMIT_PER_MINUTE): Promise<void> {
  const key = `token:${tokenId}`
  const rows = await prisma.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "ApiRateLimit" AS r ("key", "count", "windowStart")
    VALUES (${key}, 1, ${now}::timestamptz)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN r."windowStart" <= ${now}::timestamptz - make_interval(secs => ${WINDOW_SECONDS}) THEN 1 ELSE r."count" + 1 END,
      "windowStart" = CASE WHEN r."windowStart" <= ${now}::timestamptz - make_interval(secs => ${WINDOW_SECONDS}) THEN ${now}::timestamptz ELSE r."windowStart" END
    RETURNING "count", "windowStart"`
  const row = rows[0]
  if (!row || row.count <= limit) return
  const retryAfterSeconds = Math.max(1, Math.ceil((row.windowStart.getTime() + WINDOW_SECONDS * 1000 - now.getTime()) / 1000))
  throw new AppError('RATE_LIMITED', `Too many requests with this API token: at most ${limit} a minute. Try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  })
}
