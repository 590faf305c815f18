import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres } from '../lib/db/embedded-postgres'
import { migrate } from '../lib/db/migrate'
import { report, timeIt } from './measure'

/**
 * The gate's SQL questions — "which changes overlap this window?" and "which
 * freezes overlap it?" — on a large table, with and without the GiST index.
 */
const CHANGES = Number(process.env.BENCH_CHANGES ?? 200_000)
const FREEZES = Number(process.env.BENCH_FREEZES ?? 20_000)
const QUERIES = 200

export async function benchOverlapQuery(): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'changeboard-bench-'))
  const server = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg'), port: 56000 + (process.pid % 1000) })
  const client = new pg.Client({ connectionString: server.url })
  try {
    await migrate(server.url)
    await client.connect()
    await seed(client)
    const windows = Array.from({ length: QUERIES }, (_, i) => {
      const start = new Date(Date.UTC(2027, 0, 1) + ((i * 7919) % 365) * 86_400_000)
      return [start.toISOString(), new Date(start.getTime() + 4 * 3_600_000).toISOString()]
    })
    const changeSql = `SELECT id FROM "ChangeRequest" WHERE status IN ('SCHEDULED','IN_PROGRESS') AND "window" && tstzrange($1, $2, '[)')`
    const freezeSql = `SELECT id FROM "FreezePeriod" WHERE "archivedAt" IS NULL AND span && tstzrange($1, $2, '[)')`
    for (const [label, sql] of [['change windows', changeSql], ['freeze periods', freezeSql]] as const) {
      const plan = await client.query(`EXPLAIN ${sql}`, windows[0])
      const usesGist = plan.rows.some((row) => /gist/i.test(String(row['QUERY PLAN'])))
      report(`overlap query on ${label} (GiST index${usesGist ? '' : ' NOT'} used)`, await timeIt(QUERIES, (i) => client.query(sql, windows[i % QUERIES])))
      await client.query('SET enable_indexscan = off; SET enable_bitmapscan = off')
      report(`overlap query on ${label} (sequential scan)`, await timeIt(QUERIES / 10, (i) => client.query(sql, windows[i % QUERIES])))
      await client.query('RESET enable_indexscan; RESET enable_bitmapscan')
    }
  } finally {
    await client.end().catch(() => undefined)
    await server.stop()
    rmSync(scratch, { recursive: true, force: true })
  }
}

async function seed(client: pg.Client): Promise<void> {
  await client.query(`INSERT INTO "User" (id, email, name, roles, "updatedAt") VALUES ('00000000-0000-0000-0000-000000000001', 'bench@example.com', 'Bench', '{REQUESTER}', now())`)
  await client.query(
    `INSERT INTO "ChangeRequest" (id, number, title, status, "requesterId", "windowStart", "windowEnd", "updatedAt")
     SELECT gen_random_uuid(), n, 'bench ' || n,
            (ARRAY['DRAFT','SUBMITTED','APPROVED','SCHEDULED','COMPLETED','CLOSED'])[1 + n % 6]::"ChangeStatus",
            '00000000-0000-0000-0000-000000000001',
            timestamptz '2026-01-01' + (n % 1500) * interval '1 day' + (n % 24) * interval '1 hour',
            timestamptz '2026-01-01' + (n % 1500) * interval '1 day' + (n % 24 + 1 + n % 6) * interval '1 hour',
            now()
     FROM generate_series(1, $1::int) AS n`,
    [CHANGES],
  )
  await client.query(
    `INSERT INTO "FreezePeriod" (id, name, reason, "startsAt", "endsAt", "activeUntil", severity, "createdById", "updatedAt")
     SELECT gen_random_uuid(), 'freeze ' || n, 'bench',
            timestamptz '2026-01-01' + (n % 1500) * interval '1 day',
            timestamptz '2026-01-01' + (n % 1500) * interval '1 day' + interval '8 hours',
            timestamptz '2026-01-01' + (n % 1500) * interval '1 day' + interval '8 hours',
            (ARRAY['HARD','SOFT'])[1 + n % 2]::"FreezeSeverity", '00000000-0000-0000-0000-000000000001', now()
     FROM generate_series(1, $1::int) AS n`,
    [FREEZES],
  )
  await client.query('ANALYZE')
  console.log(`seeded ${CHANGES} changes and ${FREEZES} freeze periods`)
}
