import { describe, expect, it } from 'vitest'
import { linkOidcIdentity } from '@/lib/server/auth/oidc'
import { prisma } from '@/lib/server/db'
import { createUser, uniqueSuffix } from '@/tests/factories'

describe('SSO identities link to existing active users only', () => {
  it('links a verified e-mail to the matching user on first sign-in, then recognises the subject', async () => {
    const user = await createUser({ roles: ['APPROVER'] })
    const sub = `sub-${uniqueSuffix()}`
    await expect(linkOidcIdentity({ sub, email: user.email.toUpperCase(), email_verified: true })).resolves.toBe(user.id)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).oidcSubject).toBe(sub)
    // Later sign-ins match by subject even if the IdP's e-mail changed.
    await expect(linkOidcIdentity({ sub, email: 'renamed@elsewhere.test' })).resolves.toBe(user.id)
    expect(await prisma.auditEvent.count({ where: { entityId: user.id, action: 'user.sso-linked' } })).toBe(1)
  })

  it('refuses unknown e-mails, unverified e-mails, deactivated users and a second subject for the same user', async () => {
    await expect(linkOidcIdentity({ sub: `s-${uniqueSuffix()}`, email: `nobody-${uniqueSuffix()}@example.test` })).resolves.toBeNull()
    const user = await createUser({ roles: ['REQUESTER'] })
    await expect(linkOidcIdentity({ sub: `s-${uniqueSuffix()}`, email: user.email, email_verified: false })).resolves.toBeNull()
    const inactive = await createUser({ roles: ['REQUESTER'], active: false })
    await expect(linkOidcIdentity({ sub: `s-${uniqueSuffix()}`, email: inactive.email })).resolves.toBeNull()
    await expect(linkOidcIdentity({ sub: `first-${uniqueSuffix()}`, email: user.email })).resolves.toBe(user.id)
    await expect(linkOidcIdentity({ sub: `second-${uniqueSuffix()}`, email: user.email })).resolves.toBeNull()
  })

  it('refuses a linked subject once its user is deactivated', async () => {
    const user = await createUser({ roles: ['REQUESTER'] })
    const sub = `sub-${uniqueSuffix()}`
    await linkOidcIdentity({ sub, email: user.email })
    await prisma.user.update({ where: { id: user.id }, data: { active: false } })
    await expect(linkOidcIdentity({ sub, email: user.email })).resolves.toBeNull()
  })
})
