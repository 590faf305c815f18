import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../../lib/generated/prisma/client'

/**
 * A Prisma client on the e2e server's embedded database (playwright.config.ts
 * starts it on E2E_PORT + 51000), for arranging data with the test factories.
 * The behaviour under test is always driven through the browser.
 */
export function e2eDatabaseUrl(): string {
  const port = Number(process.env.E2E_PORT ?? 3100) + 51000
  return `postgresql://changeboard:changeboard@127.0.0.1:${port}/changeboard`
}

let client: PrismaClient | undefined

export function e2eDb(): PrismaClient {
  client ??= new PrismaClient({ adapter: new PrismaPg({ connectionString: e2eDatabaseUrl() }) })
  return client
}
