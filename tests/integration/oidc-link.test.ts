import { describe, expect, it } from 'vitest'
import { linkOidcIdentity } from '@/lib/server/auth/oidc'
import { prisma } from '@/lib/server/db'
import { createUser, uniqueSuffix } from '@/tests/factories'

const subject = () => `sub-${uniqueSuffix()}`

describe('SSO identities link to existing active users only', () => {
  it('links a verified e-mail to the matching user on first sign-in, then recognises the subject', async () => {
    const user = await createUser({ roles: ['APPROVER'] })
    const sub = subject()
    await expect(linkOidcIdentity({ sub, email: ` ${user.email.toUpperCase()} `, email_verified: true })).resolves.toBe(user.id)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).oidcSubject).toBe(sub)
    // Later sign-ins match by subject even if the IdP's e-mail changed.
    await expect(linkOidcIdentity({ sub, email: 'renamed@elsewhere.test' })).resolves.toBe(user.id)
    expect(await prisma.auditEvent.count({ where: { entityId: user.id, action: 'user.sso-linked', actorId: user.id } })).toBe(1)
  })

  it('links only when the provider says the e-mail is verified: a missing or non-boolean claim is not a yes', async () => {
    const user = await createUser({ roles: ['REQUESTER'] })
    for (const claim of [{}, { email_verified: false }, { email_verified: 'true' }, { email_verified: 1 }, { email_verified: null }]) {
      await expect(linkOidcIdentity({ sub: subject(), email: user.email, ...claim })).resolves.toBeNull()
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).oidcSubject).toBeNull()
  })

  it('matches the e-mail exactly, never as a pattern', async () => {
    const user = await createUser({ roles: ['REQUESTER'], email: `exact-${uniqueSuffix()}@example.com` })
    for (const pattern of ['%', '%@example.com', user.email.replace(/m$/, '_'), user.email.replace(/^exact/, 'exac_'), user.email.replace('@', '%@')]) {
      await expect(linkOidcIdentity({ sub: subject(), email: pattern, email_verified: true })).resolves.toBeNull()
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).oidcSubject).toBeNull()
  })

  it('never links an administrator automatically, and records the refusal', async () => {
    const admin = await createUser({ roles: ['ADMIN', 'APPROVER'] })
    const sub = subject()
    await expect(linkOidcIdentity({ sub, email: admin.email, email_verified: true })).resolves.toBeNull()
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).oidcSubject).toBeNull()
    const refusals = await prisma.auditEvent.findMany({ where: { entityId: admin.id, action: 'user.sso-link-refused' } })
    expect(refusals).toEqual([expect.objectContaining({ actorId: null, details: { subject: sub, reason: 'administrator' } })])
    // Once an administrator has linked the subject by hand, it signs in.
    await prisma.user.update({ where: { id: admin.id }, data: { oidcSubject: sub } })
    await expect(linkOidcIdentity({ sub, email: admin.email, email_verified: true })).resolves.toBe(admin.id)
  })

  it('refuses unknown e-mails, deactivated users and a second subject for the same user', async () => {
    await expect(linkOidcIdentity({ sub: subject(), email: `nobody-${uniqueSuffix()}@example.test`, email_verified: true })).resolves.toBeNull()
    const inactive = await createUser({ roles: ['REQUESTER'], active: false })
    await expect(linkOidcIdentity({ sub: subject(), email: inactive.email, email_verified: true })).resolves.toBeNull()
    const user = await createUser({ roles: ['REQUESTER'] })
    await expect(linkOidcIdentity({ sub: `first-${uniqueSuffix()}`, email: user.email, email_verified: true })).resolves.toBe(user.id)
    await expect(linkOidcIdentity({ sub: `second-${uniqueSuffix()}`, email: user.email, email_verified: true })).resolves.toBeNull()
  })

  it('links one subject only when two first sign-ins for the same user race', async () => {
    const user = await createUser({ roles: ['REQUESTER'] })
    const results = await Promise.all([subject(), subject()].map((sub) => linkOidcIdentity({ sub, email: user.email, email_verified: true })))
    expect(results.filter((id) => id === user.id)).toHaveLength(1)
    expect(await prisma.auditEvent.count({ where: { entityId: user.id, action: 'user.sso-linked' } })).toBe(1)
  })

  it('refuses a linked subject once its user is deactivated', async () => {
    const user = await createUser({ roles: ['REQUESTER'] })
    const sub = subject()
    await linkOidcIdentity({ sub, email: user.email, email_verified: true })
    await prisma.user.update({ where: { id: user.id }, data: { active: false } })
    await expect(linkOidcIdentity({ sub, email: user.email, email_verified: true })).resolves.toBeNull()
  })
})
