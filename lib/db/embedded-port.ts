import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'

export const DEFAULT_EMBEDDED_PORT = 54329
const REMEMBERED = 'embedded-postgres-port'

/** True when nothing listens on the loopback port (we can bind it ourselves). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)))
  })
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))))
    })
  })
}

/**
 * The embedded PostgreSQL's port. An explicit EMBEDDED_POSTGRES_PORT is used
 * as given, and a busy one stops the start with one line. Otherwise the port
 * this data folder used before (remembered in it), or 54329 on a first start;
 * when that is taken — another checkout's database, say — a free port is
 * chosen and remembered, so this checkout keeps it from then on.
 */
export async function resolveEmbeddedPort(options: { dataDir: string; requested?: string }): Promise<number> {
  if (options.requested) {
    const port = Number(options.requested)
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`EMBEDDED_POSTGRES_PORT must be a port number, not "${options.requested}"`)
    if (!(await isPortFree(port))) throw new Error(`port ${port} (EMBEDDED_POSTGRES_PORT) is already in use; stop what uses it or choose another port`)
    return port
  }
  const remembered = rememberedEmbeddedPort(options.dataDir)
  const preferred = remembered ?? DEFAULT_EMBEDDED_PORT
  const port = (await isPortFree(preferred)) ? preferred : await anyFreePort()
  if (port !== remembered) {
    mkdirSync(options.dataDir, { recursive: true })
    writeFileSync(path.join(options.dataDir, REMEMBERED), `${port}\n`)
  }
  return port
}

/** The port this data folder's embedded server last used, or null (54329 is then the first choice). */
export function rememberedEmbeddedPort(dataDir: string): number | null {
  const file = path.join(dataDir, REMEMBERED)
  const port = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : NaN
  return Number.isInteger(port) && port > 0 ? port : null
}

/** One line for whatever was thrown: an Error's first line, a string, or a description of anything else. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return (error.message || error.name).split('\n')[0] ?? error.name
  if (typeof error === 'string' && error.trim()) return error.split('\n')[0] ?? error
  if (error === undefined || error === null) return 'an unknown error (nothing was reported)'
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}
