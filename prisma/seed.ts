/**
 * Demo data: one user per role (plus a second approver), a few services, and
 * a handful of changes and a freeze (prisma/demo-changes.ts).
 * Built with the test factories so demo data and test data never drift apart.
 * `npm start` runs this file on a fresh embedded database; run it by hand with
 * `npx tsx prisma/seed.ts` to seed the DATABASE_URL database.
 */
import { pathToFileURL } from 'node:url'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient, type Role, type ServiceCriticality } from '../lib/generated/prisma/client'
import { createService } from '../tests/factories/service'
import { createUser } from '../tests/factories/user'
import { seedDemoChanges, seedDemoHistory } from './demo-changes'
import { seedDemoPolicies } from './demo-policies'
import { seedDemoTemplates } from './demo-templates'
import { seedDemoRisk } from './demo-risk'
import { seedDemoEmergency } from './demo-emergency'

export const DEMO_PASSWORD = 'changeboard-demo'

export const DEMO_USERS = [
  { key: 'requester', name: 'Rita Requester', email: 'requester@example.com', roles: ['REQUESTER'] },
  { key: 'approver', name: 'Avery Approver', email: 'approver@example.com', roles: ['APPROVER'] },
  { key: 'approver2', name: 'Blake Approver', email: 'approver2@example.com', roles: ['APPROVER'] },
  { key: 'manager', name: 'Morgan Manager', email: 'manager@example.com', roles: ['CHANGE_MANAGER', 'APPROVER'] },
  // A second change manager: a standard template is signed by a change manager other than its proposer.
  { key: 'manager2', name: 'Jordan Manager', email: 'manager2@example.com', roles: ['CHANGE_MANAGER', 'APPROVER'] },
  { key: 'admin', name: 'Ada Admin', email: 'admin@example.com', roles: ['ADMIN'] },
  // The CAB's other two members (with Morgan Manager; prisma/demo-policies.ts).
  { key: 'cab1', name: 'Casey Board', email: 'cab1@example.com', roles: ['APPROVER'] },
  { key: 'cab2', name: 'Devon Board', email: 'cab2@example.com', roles: ['APPROVER'] },
] as const satisfies readonly { key: string; name: string; email: string; roles: readonly Role[] }[]

type DemoKey = (typeof DEMO_USERS)[number]['key']

const DEMO_SERVICES: { name: string; description: string; owner: DemoKey; criticality: ServiceCriticality }[] = [
  { name: 'Payments API', description: 'Card and bank payments for every channel.', owner: 'approver', criticality: 'CRITICAL' },
  { name: 'Message Queue', description: 'The shared event bus between back-end services.', owner: 'approver2', criticality: 'HIGH' },
  { name: 'Customer Portal', description: 'The web portal where customers manage their accounts.', owner: 'approver', criticality: 'MEDIUM' },
  { name: 'Data Warehouse', description: 'Nightly reporting and analytics store.', owner: 'approver2', criticality: 'LOW' },
]

export type DemoSubmitter = (changeId: string, requester: { id: string; name: string; roles: Role[] }) => Promise<void>

/**
 * Idempotent: does nothing once any user exists, so it never overwrites real data.
 * With `submit` (the app's submitChange), the demo change awaiting sign-off is
 * submitted through the use case after the seed commits, so its sign-off
 * requests reach the outbox like any other.
 */
export async function seedDemoData(db: PrismaClient, options: { submit?: DemoSubmitter } = {}): Promise<void> {
  const toSubmit: string[] = []
  let requester: { id: string; name: string; roles: Role[] } | null = null
  await db.$transaction(
    async (tx) => {
      // Two instances starting together must not both seed.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(4242002)`
      if ((await tx.user.count()) > 0) return
      const ids = new Map<DemoKey, string>()
      for (const demo of DEMO_USERS) {
        const user = await createUser({ name: demo.name, email: demo.email, roles: [...demo.roles], password: DEMO_PASSWORD }, tx)
        ids.set(demo.key, user.id)
        if (demo.key === 'requester') requester = { id: user.id, name: user.name, roles: [...demo.roles] }
      }
      const services = new Map<string, string>()
      for (const service of DEMO_SERVICES) {
        const ownerId = ids.get(service.owner)
        if (!ownerId) throw new Error(`Demo owner ${service.owner} missing`)
        const created = await createService({ name: service.name, description: service.description, criticality: service.criticality, ownerId }, tx)
        services.set(service.name, created.id)
      }
      await seedDemoRisk(tx, services)
      const id = (key: DemoKey) => ids.get(key) ?? ''
      await seedDemoPolicies(tx, { manager: id('manager'), cab1: id('cab1'), cab2: id('cab2'), away: id('approver'), delegate: id('cab2'), admin: id('admin') })
      // The e2e suite asks for the history only: its scenarios start from an empty board
      // (no upcoming changes, freezes or templates), while /metrics shows the demo's past figures.
      const demoChanges = process.env.SEED_DEMO_CHANGES ?? 'true'
      if (demoChanges !== 'false') {
        const people = { requester: ids.get('requester') ?? '', manager: ids.get('manager') ?? '', admin: ids.get('admin') ?? '', approver: ids.get('approver') ?? '', approver2: ids.get('approver2') ?? '', services, cab: [id('cab1'), id('cab2')] }
        if (demoChanges === 'history') await seedDemoHistory(tx, people)
        else {
          toSubmit.push(...(await seedDemoChanges(tx, people, { submitLater: options.submit !== undefined })))
          await seedDemoTemplates(tx, { ...people, manager2: ids.get('manager2') ?? '' })
          await seedDemoEmergency(tx, people)
        }
      }
    },
    { timeout: 60_000 },
  )
  for (const changeId of toSubmit) if (requester && options.submit) await options.submit(changeId, requester)
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set')
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) })
  try {
    // The app's own use case (scripts/server-only-shim.mjs lets this process load it).
    const { submitChange } = await import('../lib/server/change-requests/submit-change')
    await seedDemoData(db, {
      submit: async (changeId, requester) => {
        const { version } = await db.changeRequest.findUniqueOrThrow({ where: { id: changeId }, select: { version: true } })
        await submitChange(requester, { ref: { changeId, version } })
      },
    })
  } finally {
    await db.$disconnect()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`seed: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
}
