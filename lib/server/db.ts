import 'server-only'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@/lib/generated/prisma/client'
import { env } from '@/lib/env'

const globalForPrisma = globalThis as unknown as { changeboardPrisma?: PrismaClient }

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: env().DATABASE_URL }) })
}

function client(): PrismaClient {
  // One client per process (Next.js dev reloads modules; reuse the pool).
  globalForPrisma.changeboardPrisma ??= createClient()
  return globalForPrisma.changeboardPrisma
}

/**
 * Created on first use, not at import: `next build` loads server modules
 * without a database or configuration.
 */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const real = client()
    const value: unknown = Reflect.get(real, property)
    return typeof value === 'function' ? value.bind(real) : value
  },
})

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]
