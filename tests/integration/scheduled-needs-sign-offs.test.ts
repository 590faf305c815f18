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

// Whatever writes the rows — a script, a console, a future code path — the
// backstop re-checks the change when anything the gate depends on changes.
describe('the database backstop covers every way into an unsigned SCHEDULED change', () => {
  it('refuses a raw INSERT of a SCHEDULED row', async () => {
    const requester = await createUser({ roles: ['REQUESTER'] })
    await expect(
      prisma.$executeRaw`INSERT INTO "ChangeRequest" (id, number, title, status, "requesterId", "windowStart", "windowEnd", revision, fingerprint, "updatedAt")
        VALUES (gen_random_uuid(), 990001, 'Sneaked in', 'SCHEDULED', ${requester.id}::uuid, now() + interval '1 day', now() + interval '2 days', 1, ${'f'.repeat(64)}, now())`,
    ).rejects.toThrow(/cannot be SCHEDULED without an approved written sign-off/)
    expect(await prisma.changeRequest.count({ where: { number: 990001 } })).toBe(0)
  })

  // Under approval policies (issue 13) the snapshot rules are what the backstop
  // counts; ChangeApprover only mirrors everyone eligible (inbox, metrics).
  it('refuses removing the service owner from the approval rules of a scheduled change, even when every remaining approver signed', async () => {
    const owner = await createUser({ roles: ['APPROVER'] })
    const nominee = await createUser({ roles: ['APPROVER'] })
    const requester = await createUser({ roles: ['REQUESTER'] })
    const service = await createService({ ownerId: owner.id })
    const change = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], nominatedIds: [nominee.id], status: 'SCHEDULED' })
    await expect(prisma.changeApprovalRule.deleteMany({ where: { changeId: change.id, position: 1 } })).rejects.toThrow(/owner of an affected service/)
    // A nominee may go: the owner's written approval still stands.
    await prisma.changeApprovalRule.deleteMany({ where: { changeId: change.id, position: 2 } })
    await prisma.changeApprover.delete({ where: { changeId_userId: { changeId: change.id, userId: nominee.id } } })
  })

  it('refuses adding a service whose owner has not signed to a scheduled change', async () => {
    const change = await arrange('APPROVED')
    await prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED' } })
    const stranger = await createUser({ roles: ['APPROVER'] })
    const unsigned = await createService({ ownerId: stranger.id })
    await expect(prisma.changeService.create({ data: { changeId: change.id, serviceId: unsigned.id } })).rejects.toThrow(/owner of an affected service/)
  })

  it('refuses adding an approver who has not signed to the approval rules of a scheduled change', async () => {
    const change = await arrange('APPROVED')
    await prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED' } })
    const late = await createUser({ roles: ['APPROVER'] })
    await expect(
      prisma.changeApprovalRule.create({
        data: { changeId: change.id, position: 2, stage: 1, description: `all of ${late.name} (nominated)`, mode: 'ALL', required: 1, eligibleIds: [late.id] },
      }),
    ).rejects.toThrow(/without an approved written sign-off for its current revision from all of/)
  })

  it('counts the latest decision: an approval followed by a rejection of the same content is not approved', async () => {
    const change = await arrange('APPROVED')
    const approverId = change.approverIds[0] ?? ''
    // Same fingerprint at a later revision (an edit that restored the signed content).
    await prisma.changeRequest.update({ where: { id: change.id }, data: { revision: 2 } })
    await prisma.signOff.create({
      data: { changeId: change.id, approverId, decision: 'REJECTED', statement: 'The rollback was never tested.', signature: 'x', revisionNumber: 2, fingerprint: change.fingerprint ?? '' },
    })
    await expect(prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED' } })).rejects.toThrow(
      /without an approved written sign-off/,
    )
  })

  it('refuses moving a scheduled change into a one-off HARD freeze, unless it is an emergency with a current exception', async () => {
    const change = await arrange('APPROVED')
    await prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED' } })
    const admin = await createUser({ roles: ['ADMIN'] })
    const startsAt = new Date(Date.now() + 100 * 24 * 3_600_000)
    const endsAt = new Date(startsAt.getTime() + 24 * 3_600_000)
    const freeze = await prisma.freezePeriod.create({
      data: { name: 'Migration weekend', reason: 'Data centre move', startsAt, endsAt, activeUntil: endsAt, severity: 'HARD', createdById: admin.id },
    })
    const inside = { windowStart: new Date(startsAt.getTime() + 3_600_000), windowEnd: new Date(startsAt.getTime() + 2 * 3_600_000) }
    await expect(prisma.changeRequest.update({ where: { id: change.id }, data: inside })).rejects.toThrow(/inside a HARD freeze/)

    // An emergency with an exception for this fingerprint and this freeze revision may.
    await prisma.$transaction(async (tx) => {
      await tx.freezeException.create({
        data: { changeId: change.id, freezeId: freeze.id, revisionNumber: 1, fingerprint: change.fingerprint ?? '', grantedSeverity: 'HARD', freezeRevision: 1, justification: 'Outage fix', grantedById: admin.id },
      })
      await tx.changeRequest.update({ where: { id: change.id }, data: { ...inside, type: 'EMERGENCY' } })
    })
    // The same exception no longer counts once the freeze is redefined (new revision).
    await prisma.freezePeriod.update({ where: { id: freeze.id }, data: { revision: 2 } })
    await expect(prisma.changeRequest.update({ where: { id: change.id }, data: { windowEnd: new Date(inside.windowEnd.getTime() + 60_000) } })).rejects.toThrow(
      /inside a HARD freeze/,
    )
  })
})
