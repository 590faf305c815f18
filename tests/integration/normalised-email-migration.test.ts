import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { MIGRATIONS_DIR, migrate, readMigrations } from '@/lib/db/migrate'
import { adminQuery, withDatabase } from '../setup/postgres'

// The migration that normalises stored e-mails, run over rows written the old way.
const MIGRATION = '20261125100000_normalised_email'
const serverUrl = process.env.DATABASE_URL as string
const scratch = mkdtempSync(path.join(tmpdir(), 'changeboard-email-migration-'))
const created: string[] = []

/** A database migrated up to just before MIGRATION, and a folder holding the migrations up to it. */
async function databaseBefore(): Promise<{ url: string; upTo: string }> {
  const name = `changeboard_email_${process.pid}_${created.length}`
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name}`)
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`)
  created.push(name)
  const before = path.join(scratch, `before-${created.length}`)
  const upTo = path.join(scratch, `up-to-${created.length}`)
  for (const { name: migration } of readMigrations()) {
    if (migration < MIGRATION) cpSync(path.join(MIGRATIONS_DIR, migration), path.join(before, migration), { recursive: true })
    if (migration <= MIGRATION) cpSync(path.join(MIGRATIONS_DIR, migration), path.join(upTo, migration), { recursive: true })
  }
  const url = withDatabase(serverUrl, name)
  await migrate(url, before)
  return { url, upTo }
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows as T[]
  } finally {
    await client.end()
  }
}

const insertUser = (email: string) =>
  `INSERT INTO "User" (id, email, name, roles, "updatedAt") VALUES (gen_random_uuid(), '${email}', 'Old Row', '{REQUESTER}', now())`

afterAll(async () => {
  for (const name of created) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  rmSync(scratch, { recursive: true, force: true })
})

describe(`migration ${MIGRATION}`, () => {
  it('normalises existing addresses, forgets old throttle counters, and refuses unnormalised ones from then on', async () => {
    const { url, upTo } = await databaseBefore()
    await query(url, `${insertUser('Ada.Admin@Example.COM')}; ${insertUser(' rita@example.com ')}; ${insertUser('plain@example.com')}`)
    await query(url, `INSERT INTO "LoginThrottle" (key, failures) VALUES ('Ada.Admin@Example.COM', 3)`)
    expect(await migrate(url, upTo)).toEqual([MIGRATION])
    const emails = await query<{ email: string }>(url, `SELECT email FROM "User" ORDER BY email`)
    expect(emails.map((row) => row.email)).toEqual(['ada.admin@example.com', 'plain@example.com', 'rita@example.com'])
    expect(await query(url, `SELECT 1 FROM "LoginThrottle"`)).toEqual([])
    await expect(query(url, insertUser('New@Example.com'))).rejects.toThrow(/User_email_normalised/)
  })

  it('stops, naming the addresses, when two users differ only in case, and changes nothing', async () => {
    const { url, upTo } = await databaseBefore()
    await query(url, `${insertUser('twin@example.com')}; ${insertUser('Twin@Example.com')}`)
    await expect(migrate(url, upTo)).rejects.toThrow(/twin@example\.com/)
    const emails = await query<{ email: string }>(url, `SELECT email FROM "User" ORDER BY email`)
    expect(emails.map((row) => row.email)).toEqual(['Twin@Example.com', 'twin@example.com'])
  })
})
