/**
 * `npm run seed:scale -- --changes 1000000 --freezes 10000 --users 1000 [--force]`
 *
 * Fills a database with realistic scale data (bench/scale-seed.ts), set-based,
 * so a million changes take minutes. Like `npm start`, it uses DATABASE_URL
 * when set and otherwise the embedded PostgreSQL in $CHANGEBOARD_DATA_DIR
 * (default .data) on its remembered port (or $EMBEDDED_POSTGRES_PORT), migrating first
 * and adding the demo users (password "changeboard-demo", also every generated
 * user's) so you can sign in. It refuses a database holding users that
 * neither seed created, unless given --force.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { PrismaPg } from '@prisma/adapter-pg'
import { prepareDatabase } from '../lib/db/bootstrap'
import { resolveEmbeddedPort } from '../lib/db/embedded-port'
import { PrismaClient } from '../lib/generated/prisma/client'
import { hashPassword } from '../lib/server/auth/password'
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '../prisma/seed'
import { countNonSeedUsers, seedScale } from './scale-seed'

export type SeedScaleArgs = { changes: number; freezes: number; users: number; force: boolean }

export function parseSeedArgs(argv: readonly string[]): SeedScaleArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { changes: { type: 'string', default: '100000' }, freezes: { type: 'string' }, users: { type: 'string' }, force: { type: 'boolean', default: false } },
  })
  const count = (text: string | undefined, fallback: number, name: string) => {
    const value = text === undefined ? fallback : Number(text.replaceAll('_', ''))
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`)
    return value
  }
  const changes = count(values.changes, 100_000, 'changes')
  return { changes, freezes: count(values.freezes, Math.ceil(changes / 100), 'freezes'), users: count(values.users, 1000, 'users'), force: values.force }
}

/** Migrates, adds the demo users, refuses real data, then seeds. Returns after VACUUM (ANALYZE). */
export async function runSeedScale(databaseUrl: string, args: SeedScaleArgs, log: (line: string) => void = console.log): Promise<void> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) })
  try {
    const foreign = await countNonSeedUsers(databaseUrl, DEMO_USERS.map((u) => u.email))
    if (foreign > 0 && !args.force) {
      throw new Error(`this database holds ${foreign} user(s) that no seed created; run with --force to add scale data anyway`)
    }
    await seedDemoData(db)
  } finally {
    await db.$disconnect()
  }
  log(`seeding ${args.changes} changes, ${args.freezes} freezes, ${args.users} users…`)
  const started = Date.now()
  await seedScale(databaseUrl, { ...args, passwordHash: await hashPassword(DEMO_PASSWORD), log })
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

async function main(): Promise<void> {
  const args = parseSeedArgs(process.argv.slice(2))
  // The same database `npm start` uses: DATABASE_URL, or this checkout's embedded one on its remembered port.
  const dataDir = path.resolve(process.env.CHANGEBOARD_DATA_DIR ?? '.data')
  const databaseUrl = process.env.DATABASE_URL || undefined
  const embeddedPort = databaseUrl ? 0 : await resolveEmbeddedPort({ dataDir, requested: process.env.EMBEDDED_POSTGRES_PORT || undefined })
  const database = await prepareDatabase({ dataDir, embeddedPort, databaseUrl })
  try {
    await runSeedScale(database.url, args)
  } finally {
    await database.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`seed:scale: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
}
