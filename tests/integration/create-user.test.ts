import { describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/domain/shared/types'
import { verifyCredentials } from '@/lib/server/auth/verify-credentials'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { createUser } from '@/lib/server/users/manage-users'
import { ZCreateUserInput } from '@/lib/server/users/schemas'
import { createUser as createTestUser, uniqueSuffix } from '@/tests/factories'

async function actorWith(roles: Actor['roles']): Promise<Actor> {
  const user = await createTestUser({ roles: [...roles] })
  return { id: user.id, name: user.name, roles }
}

function newUserInput(overrides: Partial<Record<string, unknown>> = {}) {
  return ZCreateUserInput.parse({
    name: 'Nora New',
    email: `nora-${uniqueSuffix()}@example.test`,
    password: 'a-long-initial-password',
    roles: ['REQUESTER', 'APPROVER'],
    timeZone: 'Europe/Berlin',
    ...overrides,
  })
}

describe('createUser', () => {
  it('lets an administrator create a user who can then sign in, and records who did it', async () => {
    const admin = await actorWith(['ADMIN'])
    const input = newUserInput()
    const { id } = await createUser(admin, input)

    const row = await prisma.user.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ name: 'Nora New', email: input.email, roles: ['REQUESTER', 'APPROVER'], timeZone: 'Europe/Berlin', active: true })
    expect(row.passwordHash).not.toContain(input.password)
    const audit = await prisma.auditEvent.findMany({ where: { entityType: 'user', entityId: id } })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'user.created', actorId: admin.id })
    expect(JSON.stringify(audit[0]?.details)).not.toContain(input.password)

    await expect(verifyCredentials(input.email, input.password)).resolves.toMatchObject({ ok: true, user: { id } })
  })

  it.each([[['REQUESTER']], [['APPROVER', 'CHANGE_MANAGER']]] as const)('refuses an actor with roles %j and writes nothing', async (roles) => {
    const actor = await actorWith(roles)
    const input = newUserInput()
    const attempt = createUser(actor, input)
    await expect(attempt).rejects.toBeInstanceOf(AppError)
    await expect(attempt).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Only an administrator can do this.' })
    expect(await prisma.user.count({ where: { email: input.email } })).toBe(0)
    expect(await prisma.auditEvent.count({ where: { action: 'user.created', actorId: actor.id } })).toBe(0)
  })

  it('refuses an e-mail that is already taken, whatever its case or surrounding spaces, with a field error', async () => {
    const admin = await actorWith(['ADMIN'])
    const existing = await createTestUser({ roles: ['REQUESTER'] })
    const usersBefore = await prisma.user.count()
    for (const variant of [existing.email.toUpperCase(), `  ${existing.email} `, `\t${existing.email.replace(/^u/, 'U')}`]) {
      const attempt = createUser(admin, newUserInput({ email: variant }))
      await expect(attempt).rejects.toMatchObject({
        code: 'CONFLICT',
        details: { fieldErrors: { email: ['A user with this e-mail address already exists.'] } },
      })
    }
    expect(await prisma.user.count()).toBe(usersBefore)
  })

  it('stores the address normalised, and the database refuses any other form', async () => {
    const admin = await actorWith(['ADMIN'])
    const local = `Mixed.Case-${uniqueSuffix()}`
    const { id } = await createUser(admin, newUserInput({ email: `  ${local}@Example.TEST ` }))
    expect((await prisma.user.findUniqueOrThrow({ where: { id } })).email).toBe(`${local.toLowerCase()}@example.test`)
    const raw = prisma.user.create({ data: { name: 'Raw Insert', email: `Raw-${uniqueSuffix()}@example.test`, roles: ['REQUESTER'] } })
    await expect(raw).rejects.toThrow(/User_email_normalised/)
  })

  it('keeps exactly one account when two administrators create addresses differing only in case at once', async () => {
    const admin = await actorWith(['ADMIN'])
    const input = newUserInput()
    const shouted = newUserInput({ email: input.email.toUpperCase() })
    const results = await Promise.allSettled([createUser(admin, input), createUser(admin, { ...shouted, name: 'Nora Twin' })])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(rejected?.reason).toMatchObject({ code: 'CONFLICT' })
    expect(await prisma.user.count({ where: { email: input.email } })).toBe(1)
  })

  it('refuses LIKE wildcards in the e-mail with a field message', () => {
    for (const email of ['%@example.test', 'a\\b@example.test']) {
      const result = ZCreateUserInput.safeParse({ name: 'Wild Card', email, password: 'a-long-initial-password', roles: ['REQUESTER'], timeZone: 'UTC' })
      expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['email'], message: 'An e-mail address cannot contain % or \\.' })])
    }
  })

  it('validates the input: short password, no role, unknown time zone, bad e-mail', () => {
    const result = ZCreateUserInput.safeParse({ name: ' ', email: 'nope', password: 'short', roles: [], timeZone: 'Mars/Olympus' })
    expect(result.success).toBe(false)
    const fields = new Set(result.error?.issues.map((issue) => issue.path[0]))
    expect(fields).toEqual(new Set(['name', 'email', 'password', 'roles', 'timeZone']))
  })
})
