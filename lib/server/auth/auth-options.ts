import 'server-only'
import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import { env } from '@/lib/env'
import { safeCallbackPath } from './callback-url'
import { clientIp } from './client-ip'
import { linkOidcIdentity, oidcProvider, OIDC_PROVIDER_ID } from './oidc'
import { verifyCredentials } from './verify-credentials'

const credentials = CredentialsProvider({
  id: 'credentials',
  name: 'Email and password',
  credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
  async authorize(input, request) {
    const ip = clientIp(request.headers, env().TRUST_PROXY)
    const result = await verifyCredentials(input?.email ?? '', input?.password ?? '', { ip })
    // next-auth hands a thrown message to the sign-in form as `error`.
    if (!result.ok) throw new Error(result.message)
    return result.user
  },
})

/**
 * JWT sessions carry only the user id (token.sub). Roles and the active flag
 * are read from the database on every request (lib/server/authz.ts), so an
 * admin's change applies at once, without waiting for the token to expire.
 */
export function authOptions(): NextAuthOptions {
  const oidc = oidcProvider()
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: oidc ? [credentials, oidc] : [credentials],
    callbacks: {
      // Every redirect next-auth makes (after sign-in, sign-out, errors) stays on this app.
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl), baseUrl).href
      },
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true
        return (await linkOidcIdentity(profile ?? {})) !== null
      },
      async jwt({ token, account, profile }) {
        if (account?.provider === OIDC_PROVIDER_ID) {
          const userId = await linkOidcIdentity(profile ?? {})
          if (userId) token.sub = userId
        }
        return token
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub
        return session
      },
    },
  }
}
