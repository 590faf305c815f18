import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from '../../lib/db/embedded-postgres'
import { migrate } from '../../lib/db/migrate'
import { adminQuery, withDatabase } from './postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { serverUrl: string; template: string }
  }
}

/**
 * Integration tests run against a real PostgreSQL: DATABASE_URL's server when
 * set, otherwise a throw-away embedded one. A migrated template database is
 * built once; every test file then gets its own copy (tests/setup/database.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl = process.env.DATABASE_URL
  let stop = async () => {}
  const scratch = mkdtempSync(path.join(tmpdir(), 'changeboard-it-'))
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg'), port: 55000 + (process.pid % 4000) })
    serverUrl = server.url
    stop = server.stop
  }
  const template = `changeboard_template_${process.pid}`
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${template}`)
  await adminQuery(serverUrl, `CREATE DATABASE ${template}`)
  await migrate(withDatabase(serverUrl, template))
  project.provide('testDatabase', { serverUrl, template })
  return async () => {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${template}`).catch(() => undefined)
    await stop()
    rmSync(scratch, { recursive: true, force: true })
  }
}
