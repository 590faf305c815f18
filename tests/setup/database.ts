import { randomUUID } from 'node:crypto'
import { afterAll, inject } from 'vitest'
import { adminQuery, withDatabase } from './postgres'

// Runs before each integration test file: a fresh copy of the migrated
// template, so files never see each other's rows.
const { serverUrl, template } = inject('testDatabase')
const database = `changeboard_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`
await adminQuery(serverUrl, `CREATE DATABASE ${database} TEMPLATE ${template}`)
process.env.DATABASE_URL = withDatabase(serverUrl, database)
process.env.NEXTAUTH_SECRET ??= 'integration-tests-secret-0123456789abcdef'

const globals = globalThis as { changeboardPrisma?: { $disconnect: () => Promise<void> } }
globals.changeboardPrisma = undefined

afterAll(async () => {
  await globals.changeboardPrisma?.$disconnect()
  globals.changeboardPrisma = undefined
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
})
