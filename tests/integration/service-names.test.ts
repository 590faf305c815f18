import { describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'
import { createService, updateService } from '@/lib/server/services/manage-services'
import { createUser, uniqueSuffix } from '@/tests/factories'

async function setup(): Promise<{ admin: Actor; ownerId: string }> {
  const admin = await createUser({ roles: ['ADMIN'] })
  const owner = await createUser({ roles: ['APPROVER'] })
  return { admin: { id: admin.id, name: admin.name, roles: admin.roles }, ownerId: owner.id }
}

const fields = (name: string, ownerId: string) => ({ name, description: '', criticality: 'MEDIUM' as const, ownerId })

describe('service names are unique whatever their case, compared exactly', () => {
  it('refuses a name that differs only in case, on create and on rename', async () => {
    const { admin, ownerId } = await setup()
    const name = `Payments API ${uniqueSuffix()}`
    await createService(admin, fields(name, ownerId))
    await expect(createService(admin, fields(name.toUpperCase(), ownerId))).rejects.toMatchObject({ code: 'CONFLICT' })
    const other = await createService(admin, fields(`Ledger ${uniqueSuffix()}`, ownerId))
    await expect(updateService(admin, { serviceId: other.id, ...fields(name.toLowerCase(), ownerId) })).rejects.toMatchObject({ code: 'CONFLICT' })
    // Renaming a service to a new case of its own name is not a clash.
    await expect(updateService(admin, { serviceId: other.id, ...fields(`LEDGER ${uniqueSuffix()}`, ownerId) })).resolves.toBeUndefined()
  })

  it('treats % and _ in a name as plain characters, not as patterns matching other services', async () => {
    const { admin, ownerId } = await setup()
    const suffix = uniqueSuffix()
    await createService(admin, fields(`Billing ${suffix}`, ownerId))
    for (const name of ['%', `Billing%`, `Billin_ ${suffix}`, `_illing ${suffix}`]) {
      await expect(createService(admin, fields(name, ownerId))).resolves.toMatchObject({ id: expect.any(String) })
    }
    expect(await prisma.service.count({ where: { name: { endsWith: suffix } } })).toBe(3)
  })
})
