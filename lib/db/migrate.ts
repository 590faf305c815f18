import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'

/**
 * Applies pending migrations from prisma/migrations the way `prisma migrate
 * deploy` does (Prisma's native engine cannot be downloaded everywhere): in
 * name order, each in its own transaction, under an advisory lock so that
 * several app instances starting together apply each migration once, and
 * recorded in `_prisma_migrations` with Prisma's checksum (SHA-256 of the file)
 * so the two tools can take turns on the same database.
 */
export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'prisma/migrations')

// Prisma's own advisory lock key for migrations, so both tools exclude each other.
const PRISMA_MIGRATE_LOCK = 72707369

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`

export interface Migration {
  name: string
  sql: string
  checksum: string
}

// The turbopackIgnore comments keep `next build` (the readiness check imports this
// file) from tracing the whole project into the standalone output: the folder is
// read at run time from the working directory, and the image copies it there.
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, 'migration.sql'))
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') }
    })
}

export class MigrationError extends Error {}

interface AppliedRow {
  migration_name: string
  checksum: string
  finished_at: Date | null
  rolled_back_at: Date | null
}

/** Returns the names of the migrations it applied (empty when up to date). */
export async function migrate(connectionString: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK])
    await client.query(CREATE_MIGRATIONS_TABLE)
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    )
    const applied = new Map(rows.map((row) => [row.migration_name, row]))
    const done: string[] = []
    for (const migration of readMigrations(dir)) {
      const previous = applied.get(migration.name)
      if (previous && previous.finished_at === null) {
        throw new MigrationError(`Migration ${migration.name} failed earlier; resolve it (prisma migrate resolve) before starting.`)
      }
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          throw new MigrationError(`Migration ${migration.name} was modified after it was applied.`)
        }
        continue
      }
      await applyOne(client, migration)
      done.push(migration.name)
    }
    return done
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => undefined)
    await client.end()
  }
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query(migration.sql)
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    )
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`)
  }
}
