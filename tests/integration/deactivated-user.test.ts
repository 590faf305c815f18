import { describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/domain/shared/types'
import { INVALID_CREDENTIALS, verifyCredentials } from '@/lib/server/auth/verify-credentials'
import { prisma } from '@/lib/server/db'
import { setUserActive } from '@/lib/server/users/manage-users'
import { createUser } from '@/tests/factories'

describe('deactivated users', () => {
  it('cannot sign in with the right password, and get the same answer as a wrong password', async () => {
    const user = await createUser({ roles: ['APPROVER'], active: false })
    await expect(verifyCredentials(user.email, user.password)).resolves.toEqual({ ok: false, message: INVALID_CREDENTIALS })
  })

  it('lose access as soon as an administrator deactivates them, and regain it on reactivation', async () => {
    const adminUser = await createUser({ roles: ['ADMIN'] })
    const admin: Actor = { id: adminUser.id, name: adminUser.name, roles: ['ADMIN'] }
    const user = await createUser({ roles: ['REQUESTER'] })
    await expect(verifyCredentials(user.email, user.password)).resolves.toMatchObject({ ok: true })

    await setUserActive(admin, { userId: user.id, active: false })
    await expect(verifyCredentials(user.email, user.password)).resolves.toEqual({ ok: false, message: INVALID_CREDENTIALS })

    await setUserActive(admin, { userId: user.id, active: true })
    await expect(verifyCredentials(user.email, user.password)).resolves.toMatchObject({ ok: true })
    const actions = await prisma.auditEvent.findMany({ where: { entityId: user.id }, orderBy: { id: 'asc' }, select: { action: true } })
    expect(actions.map((a) => a.action)).toEqual(['user.deactivated', 'user.reactivated'])
  })

  it('an administrator cannot deactivate their own account', async () => {
    const adminUser = await createUser({ roles: ['ADMIN'] })
    const admin: Actor = { id: adminUser.id, name: adminUser.name, roles: ['ADMIN'] }
    await expect(setUserActive(admin, { userId: admin.id, active: false })).rejects.toMatchObject({ code: 'REFUSED' })
  })
})
