import type { PrismaClient } from '../../lib/generated/prisma/client'

/** A client or a transaction: factories work in either. */
export type FactoryDb = Pick<PrismaClient, 'user' | 'service'>

/**
 * Integration tests use the app's client (vitest stubs 'server-only'); the seed
 * and e2e pass their own, because outside Next and vitest 'server-only' throws.
 */
export async function defaultDb(): Promise<FactoryDb> {
  const { prisma } = await import('../../lib/server/db')
  return prisma
}

let counter = 0

/** Unique per call, across parallel test files and repeated e2e runs on one database. */
export function uniqueSuffix(): string {
  counter += 1
  return `${Date.now().toString(36)}${process.pid.toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`
}
