/**
 * `npx tsx scripts/link-sso.ts --email ada@example.com --subject <IdP subject>`
 * links a single sign-on identity to an existing user by hand. Sign-in never
 * links an administrator account automatically (lib/server/auth/oidc.ts), so
 * this is how an administrator's SSO is set up: the operator confirms the
 * subject with the identity provider (the refused attempt is in the audit
 * trail as user.sso-link-refused, with the subject). Recorded as user.sso-linked.
 */
import { parseArgs } from 'node:util'
import { PrismaPg } from '@prisma/adapter-pg'
import { ZEmail } from '../lib/domain/shared/email'
import { PrismaClient } from '../lib/generated/prisma/client'

function fail(message: string): never {
  console.error(`link-sso: ${message}`)
  process.exit(1)
}

const { values } = parseArgs({ options: { email: { type: 'string' }, subject: { type: 'string' } } })
const email = ZEmail.safeParse(values.email ?? '')
const subject = values.subject?.trim()
if (!process.env.DATABASE_URL) fail('set DATABASE_URL')
if (!email.success) fail(`--email: ${email.error.issues[0]?.message ?? 'give a valid address'}`)
if (!subject) fail('give --subject with the identity provider\'s subject ("sub") for this person')

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) })
try {
  const user = await db.user.findUnique({ where: { email: email.data }, select: { id: true, name: true, oidcSubject: true } })
  if (!user) fail(`no user has the e-mail ${email.data}`)
  if (user.oidcSubject) fail(`${email.data} is already linked to a single sign-on subject`)
  if (await db.user.findUnique({ where: { oidcSubject: subject }, select: { id: true } })) fail('that subject is already linked to another user')
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { oidcSubject: subject } }),
    db.auditEvent.create({ data: { entityType: 'user', entityId: user.id, action: 'user.sso-linked', details: { subject } } }),
  ])
  console.log(`link-sso: ${user.name} <${email.data}> now signs in with single sign-on subject ${subject}`)
} finally {
  await db.$disconnect()
}
