import { generateKeyPairSync, randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import Provider, { type Configuration } from 'oidc-provider'
import { OIDC_ACCOUNTS, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, oidcIssuerPort, type OidcTestAccount } from './oidc-accounts'

/**
 * A real OpenID Connect issuer for the e2e tests: the npm package
 * oidc-provider (the certified implementation), not a stub. It serves
 * discovery, the authorization code flow with PKCE (required of every client
 * here, so an app that stopped sending it would be refused), RS256-signed ID
 * tokens, userinfo, and its own built-in login and consent pages
 * ("devInteractions"), where any password is accepted for the fixed accounts
 * in oidc-accounts.ts.
 *
 * It runs over plain http on localhost, which only a test may do:
 * - devInteractions are on explicitly (never in production: they accept any password);
 * - oidc-provider marks its cookies Secure only when the request came over
 *   https (ctx.secure), so they work on http://localhost; the app's callback
 *   is an http://localhost redirect URI, which oidc-provider accepts for a
 *   web client using the code flow (it refuses it only for the implicit flow);
 * - the signing key and cookie keys are generated at start, instead of
 *   oidc-provider's built-in development key, so tokens are signed with a key
 *   that exists only for this run.
 */
export type OidcIssuer = { issuer: string; close: () => Promise<void> }

export async function startOidcIssuer({ port, redirectUri }: { port: number; redirectUri: string }): Promise<OidcIssuer> {
  const issuer = `http://localhost:${port}`
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'e2e-rs256', alg: 'RS256', use: 'sig' }
  const accounts = new Map<string, OidcTestAccount>(Object.values(OIDC_ACCOUNTS).map((account) => [account.login, account]))

  const configuration: Configuration = {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    // Short lives, set explicitly (oidc-provider otherwise warns it is using its defaults).
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true } },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    async findAccount(_ctx, id) {
      const account = accounts.get(id)
      if (!account) return undefined
      return {
        accountId: id,
        async claims() {
          const { sub, email, email_verified, name } = account
          return { sub, email, email_verified, name, ...(account.groups ? { groups: account.groups } : {}) }
        },
      }
    },
  }

  const provider = new Provider(issuer, configuration)
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(port, () => resolve(listening))
  })
  return {
    issuer,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}

// `npx tsx e2e/support/oidc-issuer.ts`: playwright.config.ts starts it as a web server next to the app.
if (import.meta.url === `file://${process.argv[1]}`) {
  const appPort = Number(process.env.E2E_PORT ?? 3100)
  const appUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${appPort}`
  const port = Number(process.env.OIDC_ISSUER_PORT ?? oidcIssuerPort(appPort))
  const started = await startOidcIssuer({ port, redirectUri: `${appUrl}/api/auth/callback/oidc` })
  console.log(`oidc issuer: ${started.issuer}`)
  const stop = () => void started.close().finally(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}
