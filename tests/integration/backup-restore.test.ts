import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrate } from '@/lib/db/migrate'
import { prisma } from '@/lib/server/db'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { seedDemoData } from '../../prisma/seed'
import { adminQuery, withDatabase } from '../setup/postgres'
import { postgresForTools, type ToolServer } from '../support/postgres-for-tools'

/**
 * `npm run backup` and `npm run restore` as real processes with PostgreSQL's
 * own pg_dump/pg_restore: the demo data (changes across the lifecycle,
 * sign-offs, revisions, a freeze, audit events, outbox mail) plus a freeze
 * exception, backed up, restored into a new empty database, and compared table
 * by table as text; the append-only triggers still refuse updates afterwards.
 */
const root = path.resolve(import.meta.dirname, '../..')
const { serverUrl } = inject('testDatabase')
const scratch = mkdtempSync(path.join(tmpdir(), 'changeboard-backup-'))
const file = path.join(scratch, 'changeboard.dump')
const suffix = `${process.pid}_${Date.now().toString(36)}`
let tools: ToolServer
let sourceUrl = ''
let targetUrl = ''

function run(script: 'backup' | 'restore', databaseUrl: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  })
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

/** Every table of the app's and the job queue's schemas, with a row count and an md5 of all its rows as text in a fixed order. */
async function fingerprints(url: string): Promise<Record<string, { rows: number; md5: string | null }>> {
  const tables = await query<{ schema: string; name: string }>(
    url,
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  )
  const out: Record<string, { rows: number; md5: string | null }> = {}
  for (const { schema, name } of tables) {
    const [row] = await query<{ rows: string; md5: string | null }>(
      url,
      `SELECT count(*) AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM "${schema}"."${name}" t`,
    )
    out[`${schema}.${name}`] = { rows: Number(row?.rows), md5: row?.md5 ?? null }
  }
  return out
}

beforeAll(async () => {
  tools = await postgresForTools(serverUrl)
  const source = `changeboard_backup_src_${suffix}`
  const target = `changeboard_backup_dst_${suffix}`
  await adminQuery(tools.url, `CREATE DATABASE ${source}`)
  await adminQuery(tools.url, `CREATE DATABASE ${target}`)
  sourceUrl = withDatabase(tools.url, source)
  targetUrl = withDatabase(tools.url, target)
  await migrate(sourceUrl)
  // The app's client (lib/server/db, read lazily from DATABASE_URL) writes the source database.
  process.env.DATABASE_URL = sourceUrl
  await seedDemoData(prisma, {
    submit: async (changeId, requester) => {
      const { version } = await prisma.changeRequest.findUniqueOrThrow({ where: { id: changeId }, select: { version: true } })
      await submitChange(requester, { ref: { changeId, version } })
    },
  })
  const freeze = await prisma.freezePeriod.findFirstOrThrow({ select: { id: true, severity: true, revision: true, createdById: true } })
  const change = await prisma.changeRequest.findFirstOrThrow({ where: { status: 'APPROVED' }, select: { id: true, revision: true, fingerprint: true } })
  await prisma.freezeException.create({
    data: {
      changeId: change.id,
      freezeId: freeze.id,
      revisionNumber: change.revision,
      fingerprint: change.fingerprint ?? '',
      grantedSeverity: freeze.severity,
      freezeRevision: freeze.revision,
      justification: 'A security fix that cannot wait for the end of the freeze — reviewed by the CAB.',
      grantedById: freeze.createdById,
    },
  })
}, 180_000)

afterAll(async () => {
  await prisma.$disconnect()
  if (tools) {
    for (const url of [sourceUrl, targetUrl]) if (url) await adminQuery(tools.url, `DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`).catch(() => undefined)
    await tools.stop()
  }
  rmSync(scratch, { recursive: true, force: true })
})

describe('npm run backup / npm run restore', () => {
  it('round-trips every table byte for byte into an empty database, and the append-only triggers come along', async () => {
    const backup = run('backup', sourceUrl, [file])
    expect(backup.stderr).toBe('')
    expect(backup.status).toBe(0)
    expect(backup.stdout).toContain(`backup: wrote ${file}`)
    expect(existsSync(file)).toBe(true)
    expect(existsSync(`${file}.partial`)).toBe(false)

    const restore = run('restore', targetUrl, [file])
    expect(restore.stderr).toBe('')
    expect(restore.status).toBe(0)

    const before = await fingerprints(sourceUrl)
    const after = await fingerprints(targetUrl)
    // What the issue names must be there and non-empty, so the comparison means something.
    for (const table of ['ChangeRequest', 'SignOff', 'ChangeRevision', 'FreezePeriod', 'FreezeException', 'AuditEvent', 'MailMessage', '_prisma_migrations']) {
      expect(before[`public.${table}`]?.rows, table).toBeGreaterThan(0)
    }
    expect(after).toEqual(before)

    // The restored database still refuses to rewrite history.
    await expect(query(targetUrl, `UPDATE "SignOff" SET statement = 'rewritten'`)).rejects.toThrow(/append-only/)
    await expect(query(targetUrl, `UPDATE "AuditEvent" SET action = 'rewritten'`)).rejects.toThrow(/append-only/)
    await expect(query(targetUrl, `DELETE FROM "ChangeRevision"`)).rejects.toThrow(/append-only/)
    await expect(query(targetUrl, `DELETE FROM "FreezeException"`)).rejects.toThrow(/append-only/)
    // And the scheduling backstop: a SUBMITTED change cannot be forced to SCHEDULED.
    await expect(query(targetUrl, `UPDATE "ChangeRequest" SET status = 'SCHEDULED' WHERE status = 'SUBMITTED'`)).rejects.toThrow(/sign-off/)
  })

  it('refuses to restore into a database that is not empty, with one line, and changes nothing', async () => {
    const before = await fingerprints(targetUrl)
    const again = run('restore', targetUrl, [file])
    expect(again.status).toBe(1)
    expect(again.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^restore: the target database is not empty \(\d+ tables and sequences, e\.g\. /)])
    expect(await fingerprints(targetUrl)).toEqual(before)
  })

  it('refuses a missing file argument and a missing file with one line', () => {
    const none = run('backup', sourceUrl, [])
    expect(none.status).toBe(1)
    expect(none.stderr.trim().split('\n')).toHaveLength(1)
    const missing = run('restore', targetUrl, [path.join(scratch, 'nope.dump')])
    expect(missing.status).toBe(1)
    expect(missing.stderr.trim()).toMatch(/^restore: .*nope\.dump does not exist\.$/)
  })
})
