import 'server-only'
import type { OAuthConfig } from 'next-auth/providers/oauth'
import { env } from '@/lib/env'
import { prisma } from '@/lib/server/db'

export const OIDC_PROVIDER_ID = 'oidc'

type OidcProfile = { sub: string; email?: string; email_verified?: boolean; name?: string }

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
    idToken: true,
    checks: ['pkce', 'state'],
    profile: (profile) => ({ id: profile.sub, name: profile.name ?? profile.email ?? profile.sub, email: profile.email ?? null }),
  }
}

/**
 * SSO never creates accounts: an identity is accepted only when its subject is
 * already linked to an active user, or when its verified e-mail matches an
 * active user with no other subject linked (first SSO sign-in links it).
 * Returns our user id, or null to refuse.
 */
export async function linkOidcIdentity(profile: { sub?: unknown; email?: unknown; email_verified?: unknown }): Promise<string | null> {
  if (typeof profile.sub !== 'string' || !profile.sub) return null
  const linked = await prisma.user.findUnique({ where: { oidcSubject: profile.sub }, select: { id: true, active: true } })
  if (linked) return linked.active ? linked.id : null
  if (typeof profile.email !== 'string' || profile.email_verified === false) return null
  const user = await prisma.user.findFirst({
    where: { email: { equals: profile.email.trim(), mode: 'insensitive' }, active: true, oidcSubject: null },
    select: { id: true },
  })
  if (!user) return null
  await prisma.$transaction([
    prisma.user.update({ where: { id: user.id }, data: { oidcSubject: profile.sub } }),
    prisma.auditEvent.create({
      data: { entityType: 'user', entityId: user.id, actorId: user.id, action: 'user.sso-linked', details: { subject: profile.sub } },
    }),
  ])
  return user.id
}
