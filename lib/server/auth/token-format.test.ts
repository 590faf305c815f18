import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isAppError } from '@/lib/server/errors'
import { SHOWN_PREFIX_LENGTH, bearerToken, generateApiToken, hashApiToken, looksLikeApiToken } from './token-format'

describe('API token format', () => {
  it('is cb_ and 32 random bytes in base64url, recognisable to secret scanners', () => {
    const { token } = generateApiToken()
    expect(token).toMatch(/^cb_[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(token.slice(3), 'base64url')).toHaveLength(32)
    expect(looksLikeApiToken(token)).toBe(true)
  })

  it('never repeats', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateApiToken().token))
    expect(tokens.size).toBe(200)
  })

  it('stores only the lower-case hex SHA-256 of the whole token, and shows a short prefix', () => {
    const { token, hash, prefix } = generateApiToken()
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hashApiToken(token)).toBe(hash)
    expect(prefix).toBe(token.slice(0, SHOWN_PREFIX_LENGTH))
    expect(prefix).toMatch(/^cb_.{6}$/)
    expect(hash).not.toContain(token.slice(3))
  })

  it('recognises only well-formed tokens', () => {
    const { token } = generateApiToken()
    for (const bad of ['', 'cb_', token.slice(0, -1), `${token}x`, token.replace('cb_', 'CB_'), `cb_${'+'.repeat(43)}`, ` ${token}`]) {
      expect(looksLikeApiToken(bad)).toBe(false)
    }
  })
})

describe('bearerToken', () => {
  const request = (authorization?: string) => new Request('http://app/api/v1/changes', authorization === undefined ? {} : { headers: { authorization } })

  it('is null without an Authorization header (the session applies)', () => {
    expect(bearerToken(request())).toBeNull()
  })

  it('reads "Bearer <token>", whatever the scheme’s case', () => {
    expect(bearerToken(request('Bearer cb_abc'))).toBe('cb_abc')
    expect(bearerToken(request('bearer cb_abc'))).toBe('cb_abc')
  })

  it('refuses any other Authorization header with UNAUTHENTICATED', () => {
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'cb_abc']) {
      let caught: unknown
      try {
        bearerToken(request(header))
      } catch (error) {
        caught = error
      }
      expect(isAppError(caught) && caught.code === 'UNAUTHENTICATED').toBe(true)
    }
  })
})
