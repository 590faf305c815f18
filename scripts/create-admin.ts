/**
 * `npm run create-admin -- --email ops@example.com --name "Ops Lead"` with the
 * password in CHANGEBOARD_ADMIN_PASSWORD (never on the command line, where it
 * would land in shell history): the first administrator of a real installation,
 * which gets no demo users. Refuses if the e-mail is already taken. Without
 * DATABASE_URL it uses this checkout's embedded database (SEED_DEMO_DATA=false starts).
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openScriptDatabase } from '../lib/db/bootstrap'
import { describeError } from '../lib/db/embedded-port'
import { PrismaPg } from '@prisma/adapter-pg'
import { ZEmail } from '../lib/domain/shared/email'
import { PrismaClient } from '../lib/generated/prisma/client'
import { hashPassword, MIN_PASSWORD_LENGTH } from '../lib/server/auth/password'

function fail(message: string): never {
  console.error(`create-admin: ${message}`)
  process.exit(1)
}

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, 'time-zone': { type: 'string' } } })
const parsedEmail = ZEmail.safeParse(values.email ?? '')
const name = values.name?.trim()
const password = process.env.CHANGEBOARD_ADMIN_PASSWORD ?? ''
if (!parsedEmail.success) fail(`--email: ${parsedEmail.error.issues[0]?.message ?? 'give a valid address'}`)
// Normalised like every other address, so sign-in's exact match finds it.
const email = parsedEmail.data
if (!name) fail('give --name with the full name (it is the signature on sign-offs)')
if (password.length < MIN_PASSWORD_LENGTH) fail(`set CHANGEBOARD_ADMIN_PASSWORD to at least ${MIN_PASSWORD_LENGTH} characters`)

// DATABASE_URL, or this checkout's embedded database (the running app's, or started for this script).
const database = await openScriptDatabase({
  dataDir: path.resolve(process.env.CHANGEBOARD_DATA_DIR ?? '.data'),
  databaseUrl: process.env.DATABASE_URL || undefined,
  requestedPort: process.env.EMBEDDED_POSTGRES_PORT || undefined,
}).catch((error: unknown) => fail(`cannot open the database: ${describeError(error)}`))
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) })
try {
  if (await db.user.findUnique({ where: { email } })) {
    console.error(`create-admin: a user with e-mail ${email} already exists`)
    process.exitCode = 1
  } else {
    const user = await db.user.create({
      data: { email, name, roles: ['ADMIN'], passwordHash: await hashPassword(password), timeZone: values['time-zone'] ?? 'UTC' },
      select: { id: true },
    })
    await db.auditEvent.create({
      data: { entityType: 'user', entityId: user.id, action: 'user.created', details: { email, roles: ['ADMIN'], via: 'create-admin script' } },
    })
    console.log(`create-admin: ${name} <${email}> can now sign in as administrator`)
  }
} finally {
  // A database started for this script is stopped again; the app's own is left running.
  await db.$disconnect()
  await database.stop()
}
