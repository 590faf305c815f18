import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { createChange } from '../factories/change-requests'
import { createService } from '../factories/service'
import { createUser } from '../factories/user'

// The last line of defence behind the scheduling gate: whatever writes the row,
// PostgreSQL refuses to commit a SCHEDULED change without current approvals.
async function arrange(status: 'APPROVED' | 'SUBMITTED') {
  const requester = await createUser({ roles: ['REQUESTER'] })
  const owner = await createUser({ roles: ['APPROVER'] })
  const service = await createService({ ownerId: owner.id })
  return createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status })
}

describe('the database refuses a SCHEDULED change without current sign-offs', () => {
  it('accepts scheduling a change every required approver approved at this fingerprint', async () => {
    const change = await arrange('APPROVED')
    await prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED' } })
    expect((await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).status).toBe('SCHEDULED')
  })

  it('refuses a change nobody signed, even through a raw UPDATE', async () => {
    const change = await arrange('SUBMITTED')
    await expect(prisma.$executeRaw`UPDATE "ChangeRequest" SET status = 'SCHEDULED' WHERE id = ${change.id}::uuid`).rejects.toThrow(
      /cannot be SCHEDULED without an approved written sign-off/,
    )
    expect((await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).status).toBe('SUBMITTED')
  })

  it('refuses a scheduled change whose content (fingerprint) moved away from what was signed', async () => {
    const change = await arrange('APPROVED')
    await prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED' } })
    await expect(prisma.changeRequest.update({ where: { id: change.id }, data: { fingerprint: 'f'.repeat(64) } })).rejects.toThrow(
      /without an approved written sign-off/,
    )
  })

  it('judges the state at commit, so a transaction may schedule and un-schedule in between', async () => {
    const change = await arrange('SUBMITTED')
    await prisma.$transaction(async (tx) => {
      await tx.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED' } })
      await tx.changeRequest.update({ where: { id: change.id }, data: { status: 'SUBMITTED' } })
    })
    expect((await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).status).toBe('SUBMITTED')
  })
})
