/**
 * `npm run db:diff -- --from-git HEAD > prisma/migrations/<timestamp>_<name>/migration.sql`
 * prints the SQL Prisma would write for the change in prisma/schema.prisma
 * (Prisma's WASM schema engine needs some PostgreSQL to talk to: DATABASE_URL,
 * or a throw-away embedded one).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmbeddedPostgres } from '../lib/db/embedded-postgres'

let url = process.env.DATABASE_URL
let stop = async () => {}
const scratch = mkdtempSync(path.join(tmpdir(), 'changeboard-diff-'))
if (!url) {
  const server = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg'), port: 54400 + Math.floor(Math.random() * 500) })
  url = server.url
  stop = server.stop
}
const result = spawnSync(process.execPath, ['scripts/prisma-diff.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url },
})
await stop()
rmSync(scratch, { recursive: true, force: true })
process.exit(result.status ?? 1)
