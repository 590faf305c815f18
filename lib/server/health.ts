import 'server-only'
import { z } from 'zod'
import { readMigrations } from '@/lib/db/migrate'
import { prisma } from './db'
import { log } from '@/lib/server/log'

/**
 * Readiness: is this instance able to serve requests? A list of named checks,
 * each a promise that resolves when the dependency is usable and rejects (or
 * resolves false) when it is not. The database and the migrations are built
 * in; other parts (the job queue, when there is one) add theirs with
 * registerReadinessCheck() from the module that starts them.
 *
 * The answer names the failing checks and nothing else: no versions, hosts or
 * error messages reach an unauthenticated caller. The reason goes to the
 * server's log instead, for the operator.
 */
export type ReadinessCheck = () => Promise<boolean | void>

export interface Readiness {
  ok: boolean
  checks: Record<string, 'ok' | 'fail'>
  failing: string[]
}

// A load balancer probes every few seconds and must not wait on a dead
// database's TCP timeout (pg's pool waits forever by default).
export const CHECK_TIMEOUT_MS = 2_000

// On globalThis, like the Prisma client: Next may load this module more than
// once per process (one copy per route bundle, dev reloads), and a check
// registered through one copy must be seen by the health route's copy.
const REGISTRY = Symbol.for('changeboard.readinessChecks')
const globals = globalThis as { [REGISTRY]?: Map<string, ReadinessCheck> }

function registry(): Map<string, ReadinessCheck> {
  globals[REGISTRY] ??= new Map<string, ReadinessCheck>([
    ['database', databaseReachable],
    ['migrations', migrationsApplied],
  ])
  return globals[REGISTRY]
}

/** Adds (or replaces) a named readiness check. Names appear in /api/health/ready's answer. */
export function registerReadinessCheck(name: string, check: ReadinessCheck): void {
  registry().set(name, check)
}

export function unregisterReadinessCheck(name: string): void {
  registry().delete(name)
}

/** Runs every check at once, each bounded by CHECK_TIMEOUT_MS. */
export async function readiness(): Promise<Readiness> {
  const entries = [...registry().entries()]
  const outcomes = await Promise.all(entries.map(([name, check]) => runCheck(name, check)))
  const checks = Object.fromEntries(entries.map(([name], i) => [name, outcomes[i] ? 'ok' : 'fail'] as const))
  return { ok: outcomes.every(Boolean), checks, failing: entries.filter((_, i) => !outcomes[i]).map(([name]) => name) }
}

async function runCheck(name: string, check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)
  })
  try {
    return (await Promise.race([check(), timeout])) !== false
  } catch (error) {
    // One line per failure (Prisma's messages span several) for log collectors.
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim()
    log().error({ check: name, reason }, 'readiness check failed')
    return false
  } finally {
    clearTimeout(timer)
  }
}

async function databaseReachable(): Promise<boolean> {
  await prisma.$queryRaw`SELECT 1`
  return true
}

// The migrations on disk do not change while the process runs: read them once.
let expectedMigrations: string[] | undefined

const ZAppliedRows = z.array(z.object({ migration_name: z.string() }))

/** Every migration in prisma/migrations is recorded as finished (and not rolled back) by lib/db/migrate.ts. */
async function migrationsApplied(): Promise<boolean> {
  expectedMigrations ??= readMigrations().map((m) => m.name)
  const rows = ZAppliedRows.parse(
    await prisma.$queryRaw`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  )
  const applied = new Set(rows.map((r) => r.migration_name))
  const missing = expectedMigrations.filter((name) => !applied.has(name))
  if (missing.length > 0) throw new Error(`${missing.length} migration(s) not applied, first ${missing[0]}`)
  return true
}
