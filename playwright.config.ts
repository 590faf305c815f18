import { chromium, defineConfig, devices } from '@playwright/test'
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, oidcIssuerPort } from './e2e/support/oidc-accounts'
import { defaultLookup, findChromium } from './scripts/find-chromium'

/**
 * End-to-end tests drive a real Chromium against the real production build
 * (`next build` into .next-e2e, then `next start` through scripts/run.ts) on a
 * fresh embedded PostgreSQL seeded with the demo users.
 */
const port = Number(process.env.E2E_PORT ?? 3100)
const baseURL = `http://localhost:${port}`
// A real OpenID Connect issuer (e2e/support/oidc-issuer.ts) runs beside the app, so
// the sign-in page offers single sign-on in every spec (e2e/sso.spec.ts signs in through it).
const oidcIssuer = `http://localhost:${oidcIssuerPort(port)}`

// CHROMIUM_PATH, a system Chromium (Debian's on CI and offline machines), or
// Playwright's own; `npm test` runs scripts/ensure-browser.ts first so one exists.
const chromiumPath = findChromium(defaultLookup(() => chromium.executablePath())) ?? undefined

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    timezoneId: 'Europe/London',
    locale: 'en-GB',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-sync',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: 'npx tsx e2e/support/oidc-issuer.ts',
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: { E2E_PORT: String(port), NEXTAUTH_URL: baseURL },
    },
    {
      command: 'npx tsx scripts/run.ts start',
      url: `${baseURL}/sign-in`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        PORT: String(port),
        NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next-e2e',
        CHANGEBOARD_DATA_DIR: `.e2e/data-${port}`,
        EMBEDDED_POSTGRES_PORT: String(port + 51000),
        DATABASE_URL: '',
        SEED_DEMO_CHANGES: 'history',
        NEXTAUTH_SECRET: 'e2e-secret-0123456789abcdefghijklmnop',
        NEXTAUTH_URL: baseURL,
        OIDC_ISSUER: oidcIssuer,
        OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET,
        // e2e/webhooks.spec.ts registers a localhost URL (tests only; never in production).
        WEBHOOKS_ALLOW_HTTP: 'true',
      },
    },
  ],
})
