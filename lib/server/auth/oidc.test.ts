import { beforeAll, describe, expect, it, vi } from 'vitest'

// oidc.ts reads the validated environment on first use; give it a complete OIDC configuration.
beforeAll(() => {
  vi.stubEnv('DATABASE_URL', 'postgresql://u:p@127.0.0.1:5432/db')
  vi.stubEnv('NEXTAUTH_SECRET', 'unit-secret-0123456789abcdefghijklmnop')
  vi.stubEnv('OIDC_ISSUER', 'https://idp.example.test/realms/cab/')
  vi.stubEnv('OIDC_CLIENT_ID', 'changeboard')
  vi.stubEnv('OIDC_CLIENT_SECRET', 'secret')
})

describe('oidcProvider', () => {
  it('asks for the authorization code flow with PKCE and state, and verifies the ID token', async () => {
    const { oidcProvider, OIDC_PROVIDER_ID } = await import('./oidc')
    const provider = oidcProvider()
    expect(provider).toMatchObject({
      id: OIDC_PROVIDER_ID,
      type: 'oauth',
      idToken: true,
      issuer: 'https://idp.example.test/realms/cab',
      wellKnown: 'https://idp.example.test/realms/cab/.well-known/openid-configuration',
    })
    expect(provider?.checks).toEqual(expect.arrayContaining(['pkce', 'state']))
    expect(provider?.authorization).toEqual({ params: { scope: 'openid email profile' } })
  })
})

describe('mergeOidcClaims', () => {
  it('completes the ID token with the userinfo answer for the same subject', async () => {
    const { mergeOidcClaims } = await import('./oidc')
    expect(mergeOidcClaims({ sub: 's1', iss: 'x' }, { sub: 's1', email: 'a@example.test', email_verified: true, name: 'A' })).toEqual({
      sub: 's1',
      email: 'a@example.test',
      email_verified: true,
      name: 'A',
    })
  })

  it('keeps only well-typed claims: a string "true" is not a verified e-mail', async () => {
    const { mergeOidcClaims } = await import('./oidc')
    expect(mergeOidcClaims({ sub: 's1', email_verified: 'true' }, { sub: 's1', email: 42 })).toEqual({ sub: 's1' })
  })

  it('refuses a userinfo answer about another subject, and an ID token without one', async () => {
    const { mergeOidcClaims } = await import('./oidc')
    expect(() => mergeOidcClaims({ sub: 's1' }, { sub: 's2', email: 'victim@example.test', email_verified: true })).toThrow(/another subject/)
    expect(() => mergeOidcClaims({ sub: 's1' }, { email: 'victim@example.test' })).toThrow(/another subject/)
    expect(() => mergeOidcClaims({}, { sub: 's1' })).toThrow(/no subject/)
  })
})
