/**
 * The container image's entry (Dockerfile CMD). Bundled by
 * scripts/assemble-standalone.mjs into one file, `container-start.cjs`, beside
 * Next's standalone `server.js`, so the image needs only `node`: no tsx, no
 * TypeScript, no dev dependencies.
 *
 *   1. validates the environment as `npm start` does (lib/env.ts): a bad or
 *      missing value stops the container with one line naming it;
 *   2. applies pending migrations with the app's own runner (lib/db/migrate.ts;
 *      its advisory lock lets several replicas start at once);
 *   3. runs Next's standalone server in this process (PORT, HOSTNAME).
 *
 * Unlike `npm start` it never starts an embedded database and never seeds demo
 * accounts: a container is pointed at the operator's PostgreSQL.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { migrate } from '../lib/db/migrate'
import { parseEnv } from '../lib/env'

function fail(message: string): never {
  console.error(`changeboard: ${message}`)
  process.exit(1)
}

async function main(): Promise<void> {
  const port = process.env.PORT || '3000'
  // Same default as scripts/run.ts, so the image and `npm start` behave alike.
  process.env.NEXTAUTH_URL ||= `http://localhost:${port}`
  const checked = parseEnv(process.env)
  if (!checked.ok) fail(checked.message)
  if (process.env.SEED_DEMO_DATA === 'true') console.log('changeboard: SEED_DEMO_DATA is ignored by the container image: it never creates demo accounts')

  try {
    const applied = await migrate(checked.env.DATABASE_URL)
    console.log(applied.length ? `changeboard: applied migrations ${applied.join(', ')}` : 'changeboard: database schema is up to date')
  } catch (error) {
    // The URL holds the password: say what failed, not where.
    fail(`cannot migrate the database: ${error instanceof Error ? error.message : String(error)}`)
  }

  // Next's standalone server reads PORT and HOSTNAME itself and handles SIGTERM/SIGINT.
  await import(pathToFileURL(path.resolve(__dirname, 'server.js')).href)
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)))
