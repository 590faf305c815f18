// The per-token rate limit (API_RATE_LIMIT_PER_MINUTE), set low for this file
// before anything reads the environment.
process.env.API_RATE_LIMIT_PER_MINUTE = '3'

import { describe, expect, it } from 'vitest'
import { GET as listServicesRoute } from '@/app/api/v1/services/route'
import { countRequest } from '@/lib/server/auth/api-token'
import { generateApiToken } from '@/lib/server/auth/token-format'
import { prisma } from '@/lib/server/db'
import { isAppError } from '@/lib/server/errors'
import { createUser } from '@/tests/factories'

async function token(userId: string) {
  const { token, hash, prefix } = generateApiToken()
  await prisma.apiToken.create({ data: { userId, createdById: userId, name: 'rate', scope: 'READ', hash, prefix, expiresAt: new Date(Date.now() + 86_400_000) } })
  return token
}

const get = (bearer: string) => listServicesRoute(new Request('http://localhost/api/v1/services', { headers: { authorization: `Bearer ${bearer}` } }))

describe('per-token rate limit', () => {
  it('answers 429 with Retry-After past the limit, per token, in JSON', async () => {
    const user = await createUser({ roles: ['REQUESTER'] })
    const [busy, quiet] = [await token(user.id), await token(user.id)]
    for (let i = 0; i < 3; i++) expect((await get(busy)).status).toBe(200)
    const limited = await get(busy)
    expect(limited.status).toBe(429)
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(await limited.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringContaining('at most 3 a minute') } })
    // Another token of the same user has its own count.
    expect((await get(quiet)).status).toBe(200)
  })

  it('starts a new window after a minute (counted in PostgreSQL, shared by instances)', async () => {
    const id = '00000000-0000-4000-8000-00000000abcd'
    const t0 = new Date('2030-01-01T00:00:00Z')
    for (let i = 0; i < 3; i++) await countRequest(id, new Date(t0.getTime() + i * 1000), 3)
    const refused = await countRequest(id, new Date(t0.getTime() + 20_000), 3).then(
      () => null,
      (e: unknown) => e,
    )
    expect(isAppError(refused) && refused.code === 'RATE_LIMITED' && refused.details.retryAfterSeconds === 40).toBe(true)
    await expect(countRequest(id, new Date(t0.getTime() + 60_000), 3)).resolves.toBeUndefined()
    expect(await prisma.apiRateLimit.findUniqueOrThrow({ where: { key: `token:${id}` } })).toMatchObject({ count: 1 })
  })
})
