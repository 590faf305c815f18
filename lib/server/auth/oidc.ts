import 'server-only'
import type { OAuthConfig } from 'next-auth/providers/oauth'
import { env } from '@/lib/env'
import { ZEmail } from '@/lib/domain/shared/email'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { prisma } from '@/lib/server/db'
import { log } from '@/lib/server/log'

export const OIDC_PROVIDER_ID = 'oidc'

type OidcProfile = { sub: string; email?: string; email_verified?: boolean; name?: string }

/** The claims of a JWT that next-auth has already verified (signature, issuer, audience, expiry). */
function jwtPayload(jwt: string): Record<string, unknown> {
  const payload: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'))
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('the ID token has no claims object')
  return payload as Record<string, unknown>
}

/**
 * The ID token's claims, completed by the userinfo answer. OIDC Core 5.3.2:
 * a userinfo answer whose `sub` differs from the ID token's must not be used.
 */
export function mergeOidcClaims(idToken: Record<string, unknown>, userinfo: Record<string, unknown>): OidcProfile {
  if (typeof idToken.sub !== 'string' || !idToken.sub) throw new Error('the ID token names no subject')
  if (userinfo.sub !== idToken.sub) throw new Error('the userinfo answer is for another subject than the ID token')
  const merged = { ...idToken, ...userinfo }
  return {
    sub: idToken.sub,
    ...(typeof merged.email === 'string' ? { email: merged.email } : {}),
    ...(typeof merged.email_verified === 'boolean' ? { email_verified: merged.email_verified } : {}),
    ...(typeof merged.name === 'string' ? { name: merged.name } : {}),
  }
}

/** The generic OpenID Connect provider, only when all OIDC_* variables are set. */
export function oidcProvider(): OAuthConfig<OidcProfile> | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME } = env()
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return null
  const issuer = OIDC_ISSUER.replace(/\/$/, '')
  return {
    id: OIDC_PROVIDER_ID,
    name: OIDC_NAME,
    type: 'oauth',
    issuer,
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    authorization: { params: { scope: 'openid email profile' } },
    // next-auth validates the ID token (signature against the issuer's JWKS, issuer, audience, expiry).
    idToken: true,
    // PKCE (S256) and state on every authorization request: a stolen code is useless without the verifier.
    checks: ['pkce', 'state'],
    // A provider that follows OpenID Connect Core puts the scope's claims
    // (email, email_verified, name) in the userinfo answer, not necessarily in
    // the ID token; next-auth would read only the ID token, so both are read
    // and merged, the userinfo answer counting only for the ID token's subject.
    userinfo: {
      async request({ tokens, client }) {
        if (!tokens.id_token || !tokens.access_token) throw new Error('the provider answered without an ID token or access token')
        return mergeOidcClaims(jwtPayload(tokens.id_token), await client.userinfo(tokens.access_token))
      },
    },
    profile: (profile) => ({ id: profile.sub, name: profile.name ?? profile.email ?? profile.sub, email: profile.email ?? null }),
  }
}

/**
 * SSO never creates accounts: an identity is accepted only when its subject is
 * already linked to an active user, or on a first SSO sign-in that links it:
 * - the identity provider says the e-mail is verified (`email_verified: true`;
 *   a missing claim is not a yes, or anyone who can set an unverified e-mail
 *   at the provider could take over the matching account);
 * - the normalised e-mail matches an active user exactly, who has no subject yet;
 * - that user is not an administrator. An administrator account is never
 *   linked automatically, because taking it over would take over the whole
 *   board; the refusal is recorded in the audit trail and logged, and an
 *   administrator links it with `npx tsx scripts/link-sso.ts`.
 * Returns our user id, or null to refuse.
 */
export async function linkOidcIdentity(profile: { sub?: unknown; email?: unknown; email_verified?: unknown }): Promise<string | null> {
  if (typeof profile.sub !== 'string' || !profile.sub) return null
  const subject = profile.sub
  const linked = await prisma.user.findUnique({ where: { oidcSubject: subject }, select: { id: true, active: true, kind: true } })
  if (linked) return linked.active && linked.kind === 'HUMAN' ? linked.id : null
  if (profile.email_verified !== true) return null
  const email = ZEmail.safeParse(profile.email)
  if (!email.success) return null
  const user = await prisma.user.findUnique({ where: { email: email.data }, select: { id: true, active: true, oidcSubject: true, roles: true, kind: true } })
  // A service account is never linked to a person's SSO identity.
  if (!user || !user.active || user.kind !== 'HUMAN' || user.oidcSubject !== null) return null
  if (user.roles.includes('ADMIN')) {
    await prisma.$transaction((tx) =>
      recordAudit(tx, [
        { action: 'user.sso-link-refused', actorId: null, entityType: 'user', entityId: user.id, details: { subject, reason: 'administrator' } },
      ]),
    )
    log().warn({ subject, userId: user.id }, 'sso: refused to link an administrator automatically; an administrator must link it (npm run link-sso)')
    return null
  }
  return prisma.$transaction(async (tx) => {
    // Only while still unlinked: two first sign-ins racing cannot both link.
    const { count } = await tx.user.updateMany({ where: { id: user.id, oidcSubject: null }, data: { oidcSubject: subject } })
    if (count === 0) return null
    await recordAudit(tx, [{ action: 'user.sso-linked', actorId: user.id, entityType: 'user', entityId: user.id, details: { subject } }])
    return user.id
  })
}
