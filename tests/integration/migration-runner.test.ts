import { cpSync, mkdtempSync, writeFileSync, appendFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { MIGRATIONS_DIR, migrate, readMigrations } from '@/lib/db/migrate'
import { adminQuery, withDatabase } from '../setup/postgres'

// Each case migrates its own empty database on the test server.
const serverUrl = process.env.DATABASE_URL as string
const created: string[] = []
const scratch = mkdtempSync(path.join(tmpdir(), 'changeboard-migrations-'))

async function emptyDatabase(): Promise<string> {
  const name = `changeboard_mig_${process.pid}_${created.length}`
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name}`)
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`)
  created.push(name)
  return withDatabase(serverUrl, name)
}

async function appliedRows(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`)
    return rows as { migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }[]
  } finally {
    await client.end()
  }
}

afterAll(async () => {
  for (const name of created) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  rmSync(scratch, { recursive: true, force: true })
})

describe('the built-in migration runner', () => {
  it('applies every migration once, recording Prisma-compatible rows, and then nothing', async () => {
    const url = await emptyDatabase()
    const all = readMigrations().map((m) => m.name)
    expect(await migrate(url)).toEqual(all)
    expect(await migrate(url)).toEqual([])
    const rows = await appliedRows(url)
    expect(rows.map((r) => r.migration_name)).toEqual(all)
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/)
      expect(row.finished_at).not.toBeNull()
      expect(row.applied_steps_count).toBe(1)
    }
  })

  it('applies each migration exactly once when several instances start together', async () => {
    const url = await emptyDatabase()
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)])
    expect(results.flat().sort()).toEqual(readMigrations().map((m) => m.name).sort())
    expect(await appliedRows(url)).toHaveLength(readMigrations().length)
  })

  it('refuses to start when an applied migration was edited afterwards', async () => {
    const url = await emptyDatabase()
    const dir = path.join(scratch, 'edited')
    cpSync(MIGRATIONS_DIR, dir, { recursive: true })
    await migrate(url, dir)
    const first = readMigrations(dir)[0]
    if (!first) throw new Error('no migrations found')
    appendFileSync(path.join(dir, first.name, 'migration.sql'), '\n-- edited after it was applied\n')
    await expect(migrate(url, dir)).rejects.toThrow(`Migration ${first.name} was modified after it was applied.`)
  })

  it('rolls a failing migration back completely and names it', async () => {
    const url = await emptyDatabase()
    const dir = path.join(scratch, 'failing')
    cpSync(MIGRATIONS_DIR, dir, { recursive: true })
    const broken = path.join(dir, '99990101000000_broken')
    cpSync(path.join(dir, readMigrations(dir)[0]?.name ?? ''), broken, { recursive: true })
    writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE "HalfDone" (id int);\nSELECT no_such_function();\n')
    await expect(migrate(url, dir)).rejects.toThrow('Migration 99990101000000_broken failed')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const { rows } = await client.query(`SELECT to_regclass('"HalfDone"') AS t`)
      expect(rows[0].t).toBeNull()
    } finally {
      await client.end()
    }
    expect((await appliedRows(url)).map((r) => r.migration_name)).not.toContain('99990101000000_broken')
  })
})
