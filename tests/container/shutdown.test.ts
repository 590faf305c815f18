import { connect } from 'node:net'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { embeddedUrl, startEmbeddedPostgres } from '../../lib/db/embedded-postgres'
import { isPortFree } from '../../lib/db/embedded-port'
import { PrismaClient } from '../../lib/generated/prisma/client'
import { createService, createUser } from '../factories'
import { createSubmittedChange } from '../factories/sign-offs'
import { apiPost, distDir, freePort, signIn, SIGN_OFF_STATEMENT, spawnApp, stopApp, waitForReady, type AppProcess } from '../support/app-process'

/**
 * `npm start` (scripts/run.ts on its embedded PostgreSQL) stopped with SIGTERM
 * while a write is in flight: the test holds the change's row lock so the
 * sign-off request blocks inside its transaction, sends SIGTERM, checks that
 * new connections are refused, then releases the lock. The request must still
 * answer 201, the process must exit 0, the embedded server must be stopped, and
 * the sign-off must be there whole with its audit event.
 */
const scratch = mkdtempSync(path.join(tmpdir(), 'changeboard-shutdown-'))
// As root, the embedded server runs as `postgres`, who must reach the data folder.
chmodSync(scratch, 0o755)
let app: AppProcess | undefined

afterAll(async () => {
  await stopApp(app)
  rmSync(scratch, { recursive: true, force: true })
})

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })

describe('graceful shutdown', () => {
  it('finishes the request in flight at SIGTERM, refuses new connections, stops the queue and the embedded database, exits 0', async () => {
    const [port, dbPort] = [await freePort(), await freePort()]
    const dataDir = path.join(scratch, 'data')
    const { DATABASE_URL: _ignored, ...env } = process.env
    app = spawnApp(
      process.execPath,
      ['--import', 'tsx', 'scripts/run.ts', 'start'],
      { ...env, NODE_ENV: 'production', CHANGEBOARD_DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(dbPort), PORT: String(port), HOSTNAME: '127.0.0.1', SEED_DEMO_DATA: 'false', NEXT_DIST_DIR: distDir, NEXTAUTH_SECRET: 'shutdown-test-secret-0123456789abcdef', NEXTAUTH_URL: `http://127.0.0.1:${port}` },
      `http://127.0.0.1:${port}`,
    )
    await waitForReady(app)
    const url = embeddedUrl(dbPort)
    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) })
    const requester = await createUser({ roles: ['REQUESTER'] }, db)
    const approver = await createUser({ roles: ['APPROVER'] }, db)
    const service = await createService({ ownerId: approver.id }, db)
    const change = await createSubmittedChange(db, { requesterId: requester.id, serviceIds: [service.id] })
    await db.$disconnect()
    const cookie = await signIn(app.base, approver.email, approver.password)

    const lock = new pg.Client({ connectionString: url })
    await lock.connect()
    await lock.query('BEGIN')
    await lock.query('SELECT id FROM "ChangeRequest" WHERE id = $1 FOR UPDATE', [change.id])
    const inFlight = apiPost(app.base, cookie, `/api/v1/changes/${change.id}/sign-offs`, {
      decision: 'APPROVED', statement: SIGN_OFF_STATEMENT, signature: approver.name, revision: change.revision, fingerprint: change.fingerprint,
    })
    // Wait until the request is inside its transaction, blocked on our lock.
    for (let waited = 0; ; waited += 100) {
      // Inside our transaction pg_stat_activity is a snapshot taken at its first read: clear it
      // each time, or a request slower than the first look would never be seen waiting.
      await lock.query('SELECT pg_stat_clear_snapshot()')
      const { rows } = await lock.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`)
      if (Number(rows[0]?.n) > 0) break
      if (waited > 30_000) throw new Error(`the sign-off never reached the lock:\n${app.output()}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }

    app.child.kill('SIGTERM')
    for (let waited = 0; !(await refused(port)); waited += 100) {
      if (waited > 5_000) throw new Error('still accepting connections after SIGTERM')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(app.child.exitCode).toBeNull()
    await lock.query('COMMIT')
    await lock.end()

    const response = await inFlight
    expect(response.status).toBe(201)
    const exit = await Promise.race([app.exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 20_000))])
    expect(exit, app.output()).toEqual({ code: 0, signal: null })
    expect(await isPortFree(dbPort)).toBe(true)

    // Nothing half-written: the sign-off, its audit event and the approval are all there.
    const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: dbPort })
    try {
      const check = new pg.Client({ connectionString: server.url })
      await check.connect()
      const signOffs = await check.query('SELECT decision FROM "SignOff" WHERE "changeId" = $1', [change.id])
      const audit = await check.query<{ action: string }>('SELECT action FROM "AuditEvent" WHERE "changeId" = $1', [change.id])
      const status = await check.query<{ status: string }>('SELECT status FROM "ChangeRequest" WHERE id = $1', [change.id])
      await check.end()
      expect(signOffs.rows).toEqual([{ decision: 'APPROVED' }])
      expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['signoff.recorded', 'change.approved']))
      expect(status.rows[0]?.status).toBe('APPROVED')
    } finally {
      await server.stop()
    }
  })
})
