/**
 * The fixed people known to the test OpenID Connect issuer
 * (e2e/support/oidc-issuer.ts). The login typed on the issuer's sign-in page
 * is the account id; `sub` is what the app links to a user.
 */
export type OidcTestAccount = {
  login: string
  sub: string
  email: string
  email_verified: boolean
  name: string
  groups?: string[]
}

export const OIDC_ACCOUNTS = {
  verified: { login: 'sso-verified', sub: 'sub-sso-verified', email: 'sso.verified@example.test', email_verified: true, name: 'Vera Verified' },
  unverified: { login: 'sso-unverified', sub: 'sub-sso-unverified', email: 'sso.unverified@example.test', email_verified: false, name: 'Uma Unverified' },
  deactivated: { login: 'sso-deactivated', sub: 'sub-sso-deactivated', email: 'sso.deactivated@example.test', email_verified: true, name: 'Dora Deactivated' },
  unknown: { login: 'sso-unknown', sub: 'sub-sso-unknown', email: 'sso.unknown@example.test', email_verified: true, name: 'Nobody Known' },
} as const satisfies Record<string, OidcTestAccount>

export const OIDC_CLIENT_ID = 'changeboard-e2e'
export const OIDC_CLIENT_SECRET = 'e2e-oidc-client-secret-0123456789abcdef'

/** The issuer listens next to the app: E2E_PORT + 90 (3190 for the default 3100), so parallel runs on other ports do not collide. */
export function oidcIssuerPort(appPort: number): number {
  return appPort + 90
}
