import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { GET as live } from '@/app/api/health/live/route'
import { GET as ready } from '@/app/api/health/ready/route'
import { readMigrations } from '@/lib/db/migrate'
import { PrismaClient } from '@/lib/generated/prisma/client'
import { registerReadinessCheck, unregisterReadinessCheck } from '@/lib/server/health'

// This file's own copy of the migrated template (tests/setup/database.ts): it may break it.
const url = process.env.DATABASE_URL as string
const client = new pg.Client({ connectionString: url })
await client.connect()
afterAll(() => client.end())

const probe = (path: string) => new Request(`http://localhost${path}`)

async function answer(response: Response) {
  return { status: response.status, cache: response.headers.get('cache-control'), body: (await response.json()) as unknown }
}

describe('GET /api/health/live', () => {
  it('answers 200 without asking anything of the database', async () => {
    expect(await answer(live(probe('/api/health/live')))).toEqual({ status: 200, cache: 'no-store', body: { status: 'ok' } })
  })
})

describe('GET /api/health/ready', () => {
  afterEach(() => unregisterReadinessCheck('jobs'))

  it('answers 200 on a reachable, fully migrated database, with check names only', async () => {
    expect(await answer(await ready(probe('/api/health/ready')))).toEqual({
      status: 200,
      cache: 'no-store',
      body: { status: 'ok', checks: { database: 'ok', migrations: 'ok' } },
    })
  })

  it('answers 503 naming migrations when one on disk is not recorded as applied', async () => {
    const last = readMigrations().at(-1)?.name
    expect(last).toBeDefined()
    const { rows } = await client.query('DELETE FROM "_prisma_migrations" WHERE migration_name = $1 RETURNING *', [last])
    try {
      expect(await answer(await ready(probe('/api/health/ready')))).toEqual({
        status: 503,
        cache: 'no-store',
        body: { status: 'fail', checks: { database: 'ok', migrations: 'fail' }, failing: ['migrations'] },
      })
    } finally {
      const row = rows[0] as Record<string, unknown>
      const columns = Object.keys(row)
      await client.query(
        `INSERT INTO "_prisma_migrations" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((c) => row[c]),
      )
    }
    expect((await ready(probe('/api/health/ready'))).status).toBe(200)
  })

  it('answers 503 naming migrations on a database the runner never touched (no migrations table)', async () => {
    await client.query('ALTER TABLE "_prisma_migrations" RENAME TO "_prisma_migrations_away"')
    try {
      const { status, body } = await answer(await ready(probe('/api/health/ready')))
      expect(status).toBe(503)
      expect(body).toMatchObject({ failing: ['migrations'] })
    } finally {
      await client.query('ALTER TABLE "_prisma_migrations_away" RENAME TO "_prisma_migrations"')
    }
  })

  it('answers 503 naming database and migrations when PostgreSQL cannot be reached', async () => {
    const globals = globalThis as { changeboardPrisma?: PrismaClient }
    const real = globals.changeboardPrisma
    // A real client pointed at a port where nothing listens (no PostgreSQL stand-in).
    const unreachable = new PrismaClient({ adapter: new PrismaPg({ connectionString: 'postgresql://nobody:x@127.0.0.1:1/none' }) })
    globals.changeboardPrisma = unreachable
    try {
      const { status, body } = await answer(await ready(probe('/api/health/ready')))
      expect(status).toBe(503)
      expect(body).toEqual({ status: 'fail', checks: { database: 'fail', migrations: 'fail' }, failing: ['database', 'migrations'] })
      // Nothing about the connection (host, port, driver message) reaches the caller.
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|nobody/)
    } finally {
      globals.changeboardPrisma = real
      await unreachable.$disconnect()
    }
  })

  it('includes checks registered by other parts of the app, such as a job queue', async () => {
    registerReadinessCheck('jobs', async () => false)
    expect(await answer(await ready(probe('/api/health/ready')))).toMatchObject({
      status: 503,
      body: { checks: { database: 'ok', migrations: 'ok', jobs: 'fail' }, failing: ['jobs'] },
    })
    registerReadinessCheck('jobs', async () => {
      throw new Error('queue stopped')
    })
    expect((await ready(probe('/api/health/ready'))).status).toBe(503)
    registerReadinessCheck('jobs', async () => undefined)
    expect((await ready(probe('/api/health/ready'))).status).toBe(200)
  })
})
