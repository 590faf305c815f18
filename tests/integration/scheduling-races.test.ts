import { describe, expect, it } from 'vitest'
import { fingerprintOf } from '@/lib/domain/change-request/fingerprint'
import { toMaterialContent } from '@/lib/domain/change-request/material'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import { ZScheduleChangeInput } from '@/lib/server/scheduling/schedule-change.schema'
import { recordSignOff } from '@/lib/server/sign-offs/record-sign-off'
import { ZRecordSignOffInput } from '@/lib/server/sign-offs/record-sign-off.schema'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { createService, createUser } from '@/tests/factories'
import { arrangeSubmittedChange, createApprovedChange, findSignOffInvariantViolations, signOff } from '@/tests/factories/sign-offs'

// Races run many times in a loop; the invariant is asserted directly in SQL
// after every iteration. Nothing here depends on which side wins.
const ITERATIONS = 30

async function actorWith(roles: Actor['roles']): Promise<Actor> {
  const user = await createUser({ roles: [...roles] })
  return { id: user.id, name: user.name, roles }
}

/**
 * A material edit as the change-request use case performs it (new revision and
 * snapshot, back to SUBMITTED), under the same change row lock.
 */
async function reviseMaterially(changeId: string, editorId: string): Promise<void> {
  await runTransaction(async (tx) => {
    await lockChange(tx, changeId)
    const row = await tx.changeRequest.findUniqueOrThrow({ where: { id: changeId }, include: { services: true } })
    const purpose = `${row.purpose} Revised: also rotate the certificates.`
    const content = toMaterialContent({ ...row, purpose, serviceIds: row.services.map((s) => s.serviceId) })
    const fingerprint = fingerprintOf(content)
    const revision = row.revision + 1
    await tx.changeRevision.create({ data: { changeId, number: revision, fingerprint, content, createdById: editorId } })
    await tx.changeRequest.update({
      where: { id: changeId },
      data: { purpose, revision, fingerprint, status: 'SUBMITTED', version: { increment: 1 } },
    })
  })
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
      const change = await arrangeSubmittedChange({ requesterId: requester.id, serviceIds: services })
      await Promise.all([recordSignOff(avery, signInput(change, avery)), recordSignOff(blake, signInput(change, blake))])
      const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })
      expect(row.status).toBe('APPROVED')
      expect(await prisma.signOff.count({ where: { changeId: change.id } })).toBe(2)
      expect(await prisma.auditEvent.count({ where: { changeId: change.id, action: 'change.approved' } })).toBe(1)
      await expectInvariant()
    }
  })

  it('an edit racing the last sign-off: the sign-off is refused or made stale, never counted for new content', async () => {
    const requester = await actorWith(['REQUESTER'])
    const avery = await actorWith(['APPROVER'])
    const blake = await actorWith(['APPROVER'])
    const services = [(await createService({ ownerId: avery.id })).id, (await createService({ ownerId: blake.id })).id]
    for (let i = 0; i < ITERATIONS; i++) {
      const change = await arrangeSubmittedChange({ requesterId: requester.id, serviceIds: services })
      await signOff({ changeId: change.id, approverId: avery.id, revisionNumber: 1, fingerprint: change.fingerprint })
      await Promise.all([
        recordSignOff(blake, signInput(change, blake)).then(() => 'signed' as const, refusedOr(['CONFLICT'])),
        reviseMaterially(change.id, requester.id),
      ])
      const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })
      // Whichever won, the edit came last or alone: revision 2 awaits sign-off again.
      expect(row).toMatchObject({ status: 'SUBMITTED', revision: 2 })
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
      const change = await createApprovedChange({ requesterId: requester.id, serviceIds: services })
      const schedule = scheduleChange(manager, ZScheduleChangeInput.parse({ changeId: change.id }))
      await Promise.all([schedule.then(() => 'scheduled' as const, refusedOr(['REFUSED'])), reviseMaterially(change.id, requester.id)])
      const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })
      expect(row).toMatchObject({ status: 'SUBMITTED', revision: 2 })
      await expectInvariant()
    }
  })

  it('a schedule racing the last approval: scheduled only if the approval committed first', async () => {
    const requester = await actorWith(['REQUESTER'])
    const manager = await actorWith(['CHANGE_MANAGER'])
    const avery = await actorWith(['APPROVER'])
    const blake = await actorWith(['APPROVER'])
    const services = [(await createService({ ownerId: avery.id })).id, (await createService({ ownerId: blake.id })).id]
    for (let i = 0; i < ITERATIONS; i++) {
      const change = await arrangeSubmittedChange({ requesterId: requester.id, serviceIds: services })
      await signOff({ changeId: change.id, approverId: avery.id, revisionNumber: 1, fingerprint: change.fingerprint })
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
