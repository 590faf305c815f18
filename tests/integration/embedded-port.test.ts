import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import pg from 'pg'
import { prepareDatabase } from '@/lib/db/bootstrap'
import { describeError, isPortFree, resolveEmbeddedPort } from '@/lib/db/embedded-port'

// A second checkout on the same machine: its default port is already taken.
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function occupy(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve))
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const address = server.address()
  if (!address || typeof address !== 'object') throw new Error('no port')
  return address.port
}

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'changeboard-port-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

describe('the embedded database port', () => {
  it('stops with one line naming the port and the variable when an explicit port is busy', async () => {
    const busy = await occupy()
    await expect(resolveEmbeddedPort({ dataDir: scratch(), requested: String(busy) })).rejects.toThrow(
      `port ${busy} (EMBEDDED_POSTGRES_PORT) is already in use`,
    )
  })

  it('moves to a free port when the remembered one is taken, and remembers the new one', async () => {
    const dataDir = scratch()
    const busy = await occupy()
    await import('node:fs').then((fs) => fs.writeFileSync(path.join(dataDir, 'embedded-postgres-port'), `${busy}\n`))
    const chosen = await resolveEmbeddedPort({ dataDir })
    expect(chosen).not.toBe(busy)
    expect(await isPortFree(chosen)).toBe(true)
    expect(readFileSync(path.join(dataDir, 'embedded-postgres-port'), 'utf8').trim()).toBe(String(chosen))
    expect(await resolveEmbeddedPort({ dataDir })).toBe(chosen)
  })

  it('starts a real embedded PostgreSQL on the chosen port while the usual one is taken', async () => {
    const dataDir = scratch()
    const busy = await occupy()
    await import('node:fs').then((fs) => fs.writeFileSync(path.join(dataDir, 'embedded-postgres-port'), `${busy}\n`))
    const port = await resolveEmbeddedPort({ dataDir })
    const database = await prepareDatabase({ dataDir, embeddedPort: port })
    cleanups.push(() => database.stop())
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"')
    await client.end()
    expect(rows[0]?.n).toBeGreaterThan(0)
    expect(database.url).toContain(`:${port}/`)
  })

  it.each([
    [new Error('first line\nsecond line'), 'first line'],
    ['plain text', 'plain text'],
    [undefined, 'an unknown error (nothing was reported)'],
    [{ code: 'EADDRINUSE' }, '{"code":"EADDRINUSE"}'],
  ])('describes a thrown %o in one line, never a TypeError', (thrown, line) => {
    expect(describeError(thrown)).toBe(line)
  })
})
