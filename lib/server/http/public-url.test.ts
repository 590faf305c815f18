import { describe, expect, it } from 'vitest'
import { parseEnv } from '@/lib/env'
import { publicBaseUrl } from './public-url'

const valid = { DATABASE_URL: 'postgresql://user:pass@localhost:5432/changeboard', NEXTAUTH_SECRET: 'x'.repeat(32) }

describe('publicBaseUrl', () => {
  it('prefers PUBLIC_URL over NEXTAUTH_URL', () => {
    expect(publicBaseUrl({ PUBLIC_URL: 'https://cab.example.org', NEXTAUTH_URL: 'http://internal:3000', PORT: '4000' })).toBe('https://cab.example.org')
  })

  it('falls back to NEXTAUTH_URL, as an origin without a trailing slash', () => {
    expect(publicBaseUrl({ NEXTAUTH_URL: 'https://cab.example.org/', PORT: '4000' })).toBe('https://cab.example.org')
  })

  it('falls back to the local origin on PORT, else 3000', () => {
    expect(publicBaseUrl({ PORT: '4000' })).toBe('http://localhost:4000')
    expect(publicBaseUrl({})).toBe('http://localhost:3000')
  })

  it('takes PUBLIC_URL as validated by the environment, trailing slash removed', () => {
    const parsed = parseEnv({ ...valid, PUBLIC_URL: 'https://cab.example.org/' })
    expect(parsed.ok).toBe(true)
    if (parsed.ok) expect(publicBaseUrl({ ...parsed.env, PORT: undefined })).toBe('https://cab.example.org')
  })
})

describe('PUBLIC_URL validation', () => {
  it.each(['cab.example.org', 'ftp://cab.example.org', 'https://cab.example.org/cab', 'https://cab.example.org/?x=1', 'https://user:pw@cab.example.org'])(
    'refuses %s in one line naming the variable',
    (value) => {
      const result = parseEnv({ ...valid, PUBLIC_URL: value })
      expect(result).toEqual({
        ok: false,
        message: 'Invalid environment variable PUBLIC_URL: must be an http(s) origin such as https://cab.example.org (no path, query or credentials)',
      })
    },
  )

  it('accepts an http origin with a port', () => {
    const result = parseEnv({ ...valid, PUBLIC_URL: 'http://10.0.0.5:8080' })
    expect(result.ok && result.env.PUBLIC_URL).toBe('http://10.0.0.5:8080')
  })
})
