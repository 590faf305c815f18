import { describe, expect, it } from 'vitest'
import { utcToLocalInput } from '@/lib/domain/time/zoned'
import type { Actor } from '@/lib/domain/shared/types'
import { ZChangeFields } from '@/lib/server/change-requests/schemas'
import { updateChange } from '@/lib/server/change-requests/update-change'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import { ZScheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { recordSignOff } from '@/lib/server/sign-offs/record-sign-off'
import { ZRecordSignOffInput } from '@/lib/server/sign-offs/schemas'
import { createService, createUser } from '@/tests/factories'
import { createSubmittedChange, createApprovedChange, findSignOffInvariantViolations, signOff } from '@/tests/factories/sign-offs'

// Races run many times in a loop; the invariant is asserted directly in SQL
// after every iteration. Nothing here depends on which side wins.
const ITERATIONS = 30

async function actorWith(roles: Actor['roles']): Promise<Actor> {
  const user = await createUser({ roles: [...roles] })
  return { id: user.id, name: user.name, roles }
}

/**
 * Prepares a material edit through the real change-request use case
 * (updateChange: optimistic version check, new revision, back to SUBMITTED),
 * with the form as the requester loaded it now. Returns the call to race.
 */
async function prepareMaterialEdit(editor: Actor, changeId: string): Promise<() => Promise<unknown>> {
  const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: changeId }, include: { services: true, approvers: true } })
  if (!row.windowStart || !row.windowEnd) throw new Error('arranged changes have windows')
  const fields = ZChangeFields.parse({
    title: row.title,
    type: row.type,
    riskLevel: row.riskLevel,
    purpose: `${row.purpose} Revised: also rotate the certificates.`,
    currentState: row.currentState,
    futureState: row.futureState,
    implementationPlan: row.implementationPlan,
    rollbackPlan: row.rollbackPlan,
    monitoringPlan: row.monitoringPlan,
    testEvidence: row.testEvidence,
    communicationPlan: row.communicationPlan,
    impactDescription: row.impactDescription,
    windowStart: utcToLocalInput(row.windowStart, 'UTC'),
    windowEnd: utcToLocalInput(row.windowEnd, 'UTC'),
    timeZone: 'UTC',
    serviceIds: row.services.map((s) => s.serviceId),
    approverIds: row.approvers.filter((a) => a.source === 'NOMINATED').map((a) => a.userId),
  })
  return () => updateChange(editor, { changeId, version: row.version }, fields)
}

const signInput = (change: { id: string; revision: number; fingerprint: string }, signer: Actor) =>
  ZRecordSignOffInput.parse({
    changeId: change.id,
    revision: change.revision,
    fingerprint: change.fingerprint,
    decision: 'APPROVED',
    statement: 'I reviewed every plan of this revision and I agree to it.',
    signature: signer.name,
  })

/** Expected refusals are fine; anything else fails the test. */
const refusedOr = (codes: string[]) => (error: unknown) => {
  if (error instanceof AppError && codes.includes(error.code)) return 'refused' as const
  throw error
}

async function expectInvariant() {
  expect(await findSignOffInvariantViolations(prisma)).toEqual([])
  // Every sign-off is for the revision it names: its fingerprint is that revision's snapshot.
  const mismatched = await prisma.$queryRaw<{ id: string }[]>`
    SELECT s.id FROM "SignOff" s
      JOIN "ChangeRevision" r ON r."changeId" = s."changeId" AND r.number = s."revisionNumber"
     WHERE r.fingerprint <> s.fingerprint`
  expect(mismatched).toEqual([])
}

describe('sign-off and scheduling races', () => {
  it('two approvers signing at the same moment: both recorded, the change approved exactly once', async () => {
    const requester = await actorWith(['REQUESTER'])
    const avery = await actorWith(['APPROVER'])
    const blake = await actorWith(['APPROVER'])
    const services = [(await createService({ ownerId: avery.id })).id, (await createService({ ownerId: blake.id })).id]
    for (let i = 0; i < ITERATIONS; i++) {
      const change = await createSubmittedChange(prisma, { requesterId: requester.id, serviceIds: services })
      await Promise.all([recordSignOff(avery, signInput(change, avery)), recordSignOff(blake, signInput(change, blake))])
      const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })
      expect(row.status).toBe('APPROVED')
      expect(await prisma.signOff.count({ where: { changeId: change.id } })).toBe(2)
      expect(await prisma.auditEvent.count({ where: { changeId: change.id, action: 'change.approved' } })).toBe(1)
      await expectInvariant()
    }
  })

  it('an edit racing the last sign-off: exactly one wins, and a sign-off never counts for content it did not see', async () => {
    const requester = await actorWith(['REQUESTER'])
    const avery = await actorWith(['APPROVER'])
    const blake = await actorWith(['APPROVER'])
    const services = [(await createService({ ownerId: avery.id })).id, (await createService({ ownerId: blake.id })).id]
    for (let i = 0; i < ITERATIONS; i++) {
      const change = await createSubmittedChange(prisma, { requesterId: requester.id, serviceIds: services })
      await signOff(prisma, { changeId: change.id, approverId: avery.id, revisionNumber: 1, fingerprint: change.fingerprint })
      const edit = await prepareMaterialEdit(requester, change.id)
      // The last approval bumps the version, so an edit of the form loaded before it is refused as stale (optimistic lock).
      const [signed, edited] = await Promise.all([
        recordSignOff(blake, signInput(change, blake)).then(() => 'won' as const, refusedOr(['CONFLICT'])),
        edit().then(() => 'won' as const, refusedOr(['CONFLICT'])),
      ])
      expect([signed, edited].filter((o) => o === 'won')).toHaveLength(1)
      const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })
      expect(row).toMatchObject(signed === 'won' ? { status: 'APPROVED', revision: 1 } : { status: 'SUBMITTED', revision: 2 })
      await expectInvariant()
    }
  })

  it('a schedule racing a material edit: never SCHEDULED with a stale approval', async () => {
    const requester = await actorWith(['REQUESTER'])
    const manager = await actorWith(['CHANGE_MANAGER'])
    const avery = await actorWith(['APPROVER'])
    const blake = await actorWith(['APPROVER'])
    const services = [(await createService({ ownerId: avery.id })).id, (await createService({ ownerId: blake.id })).id]
    for (let i = 0; i < ITERATIONS; i++) {
      const change = await createApprovedChange(prisma, { requesterId: requester.id, serviceIds: services })
      const edit = await prepareMaterialEdit(requester, change.id)
      const [scheduled, edited] = await Promise.all([
        scheduleChange(manager, ZScheduleChangeInput.parse({ changeId: change.id })).then(() => 'won' as const, refusedOr(['REFUSED'])),
        edit().then(() => 'won' as const, refusedOr(['CONFLICT'])),
      ])
      expect([scheduled, edited].filter((o) => o === 'won')).toHaveLength(1)
      const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })
      expect(row).toMatchObject(scheduled === 'won' ? { status: 'SCHEDULED', revision: 1 } : { status: 'SUBMITTED', revision: 2 })
      await expectInvariant()
    }
  })

  it('a material edit of a SCHEDULED change takes it off the schedule: it needs sign-off again', async () => {
    const requester = await actorWith(['REQUESTER'])
    const manager = await actorWith(['CHANGE_MANAGER'])
    const avery = await actorWith(['APPROVER'])
    const service = await createService({ ownerId: avery.id })
    const change = await createApprovedChange(prisma, { requesterId: requester.id, serviceIds: [service.id] })
    await scheduleChange(manager, ZScheduleChangeInput.parse({ changeId: change.id }))
    await (
      await prepareMaterialEdit(requester, change.id)
    )()
    expect(await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).toMatchObject({ status: 'SUBMITTED', revision: 2 })
    await expect(scheduleChange(manager, ZScheduleChangeInput.parse({ changeId: change.id }))).rejects.toMatchObject({
      code: 'REFUSED',
      details: { reasons: expect.arrayContaining([expect.objectContaining({ code: 'sign-off-stale' })]) },
    })
    await expectInvariant()
  })

  it('a schedule racing the last approval: scheduled only if the approval committed first', async () => {
    const requester = await actorWith(['REQUESTER'])
    const manager = await actorWith(['CHANGE_MANAGER'])
    const avery = await actorWith(['APPROVER'])
    const blake = await actorWith(['APPROVER'])
    const services = [(await createService({ ownerId: avery.id })).id, (await createService({ ownerId: blake.id })).id]
    for (let i = 0; i < ITERATIONS; i++) {
      const change = await createSubmittedChange(prisma, { requesterId: requester.id, serviceIds: services })
      await signOff(prisma, { changeId: change.id, approverId: avery.id, revisionNumber: 1, fingerprint: change.fingerprint })
      const [scheduled] = await Promise.all([
        scheduleChange(manager, ZScheduleChangeInput.parse({ changeId: change.id })).then(
          () => 'scheduled' as const,
          refusedOr(['REFUSED']),
        ),
        recordSignOff(blake, signInput(change, blake)),
      ])
      const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })
      expect(row.status).toBe(scheduled === 'scheduled' ? 'SCHEDULED' : 'APPROVED')
      await expectInvariant()
    }
  })
})
