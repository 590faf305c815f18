import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { embeddedUrl, startEmbeddedPostgres } from './embedded-postgres'
import { resolveEmbeddedPort, rememberedEmbeddedPort } from './embedded-port'
import { migrate } from './migrate'

export interface Database {
  url: string
  embedded: boolean
  stop: () => Promise<void>
}

/**
 * Uses DATABASE_URL when given (starting nothing), otherwise a real PostgreSQL
 * from the embedded-postgres package with its data in `<dataDir>/postgres`.
 * Either way the migrations are applied before the app serves a request.
 */
export async function prepareDatabase(options: { dataDir: string; embeddedPort: number; databaseUrl?: string; migrate?: boolean }): Promise<Database> {
  const external = options.databaseUrl
  const database: Database = external
    ? { url: external, embedded: false, stop: async () => {} }
    : { ...(await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'postgres'), port: options.embeddedPort })), embedded: true }
  if (options.migrate === false) return database
  try {
    await migrate(database.url)
  } catch (error) {
    await database.stop()
    throw error
  }
  return database
}

/**
 * The session secret: NEXTAUTH_SECRET when set; otherwise one generated on
 * first start and kept in the data folder so sessions survive restarts.
 * Several instances behind a load balancer must share NEXTAUTH_SECRET.
 */
export function sessionSecret(dataDir: string, given: string | undefined): string {
  if (given) return given
  const file = path.join(dataDir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}

/**
 * The database for a one-off script (create-admin): DATABASE_URL; else the
 * embedded server of this data folder — the running app's, when it is up,
 * or started for the script and stopped after it. `migrate: false` leaves the
 * schema alone (a backup reads it as it is; a restore needs an empty database).
 */
export async function openScriptDatabase(options: { dataDir: string; databaseUrl?: string; requestedPort?: string; migrate?: boolean }): Promise<Database> {
  if (options.databaseUrl) return { url: options.databaseUrl, embedded: false, stop: async () => {} }
  const running = options.requestedPort ? Number(options.requestedPort) : rememberedEmbeddedPort(options.dataDir)
  if (running && (await accepts(embeddedUrl(running)))) return { url: embeddedUrl(running), embedded: true, stop: async () => {} }
  const embeddedPort = await resolveEmbeddedPort({ dataDir: options.dataDir, requested: options.requestedPort })
  return prepareDatabase({ dataDir: options.dataDir, embeddedPort, migrate: options.migrate })
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}
