import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'

/** Real app processes for the process-level tests (tests/container): started from the finished build, never mocked. */
export const root = path.resolve(import.meta.dirname, '../..')
export const distDir = process.env.NEXT_DIST_DIR || '.next-e2e'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

export type AppProcess = { child: ChildProcess; base: string; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }

export function spawnApp(command: string, args: string[], env: NodeJS.ProcessEnv, base: string): AppProcess {
  let output = ''
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  return { child, base, output: () => output, exited }
}

/** `next start` on the finished build, as one instance behind a load balancer would run. */
export function startNext(port: number, env: Record<string, string>): AppProcess {
  const base = `http://127.0.0.1:${port}`
  return spawnApp(
    path.join(root, 'node_modules/.bin/next'),
    ['start', '-p', String(port), '-H', '127.0.0.1'],
    { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', NEXT_DIST_DIR: distDir, NEXTAUTH_URL: base, ...env },
    base,
  )
}

export async function waitForReady(app: AppProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`the app exited with ${app.child.exitCode}:\n${app.output()}`)
    try {
      if ((await fetch(`${app.base}/api/health/ready`)).status === 200) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`not ready within ${timeoutMs} ms:\n${app.output()}`)
}

export async function stopApp(app: AppProcess | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return
  app.child.kill('SIGTERM')
  await app.exited
}

/** next-auth's credentials flow over plain HTTP (as bench/http.ts does): CSRF token, callback; returns the cookie header. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>()
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair?.indexOf('=') ?? -1
      if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1))
    }
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const csrf = await fetch(`${base}/api/auth/csrf`)
  keep(csrf)
  const { csrfToken } = (await csrf.json()) as { csrfToken: string }
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/` }),
  })
  keep(response)
  if (![...jar.keys()].some((k) => k.includes('session-token'))) throw new Error(`sign-in as ${email} failed (${response.status})`)
  return cookie()
}

/** A same-origin JSON write to an instance, as its own pages would send it. */
export function apiPost(base: string, cookie: string, pathname: string, body: unknown): Promise<Response> {
  return fetch(`${base}${pathname}`, {
    method: 'POST',
    headers: { cookie, origin: base, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

export const SIGN_OFF_STATEMENT = 'I reviewed the implementation plan, the window and the rollback plan, and I approve this change.'
