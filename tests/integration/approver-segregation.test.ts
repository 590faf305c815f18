// Issue 8, item 3: nobody chooses who signs their own change. Reproduces the
// original attack through the real use cases: a change manager raises a
// change, drops the service owner, lets a nominee approve and schedules it;
// or grants a SOFT freeze exception to their own change.
import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { grantFreezeException } from '@/lib/server/freezes/grant-freeze-exception'
import { addApprover, removeApprover } from '@/lib/server/sign-offs/manage-approvers'
import { createService } from '@/tests/factories'
import { createSubmittedChange } from '@/tests/factories/sign-offs'
import { actorWith, formFields } from './change-requests-support'
import { arrangeFreeze, exceptionInput } from './freezes-support'

const HOUR = 3_600_000
const DAY = 24 * HOUR

async function managerRaisesChange() {
  const manager = await actorWith(['CHANGE_MANAGER', 'REQUESTER'])
  const owner = await actorWith(['APPROVER'])
  const friend = await actorWith(['APPROVER'])
  const payments = await createService({ ownerId: owner.id })
  const submitted = await submitChange(manager, { fields: formFields({ serviceIds: [payments.id], approverIds: [friend.id] }) })
  return { manager, owner, friend, payments, changeId: submitted.id }
}

describe('a change manager on a change they raised', () => {
  it('cannot remove the service owner who must sign it (the change stays awaiting the owner)', async () => {
    const w = await managerRaisesChange()
    await expect(
      removeApprover(w.manager, { changeId: w.changeId, userId: w.owner.id, reason: 'The owner is slow to answer, my friend will do.' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/raised this change/) })
    const approvers = await prisma.changeApprover.findMany({ where: { changeId: w.changeId }, select: { userId: true } })
    expect(approvers.map((a) => a.userId).sort()).toEqual([w.owner.id, w.friend.id].sort())
    expect(await prisma.auditEvent.count({ where: { changeId: w.changeId, action: 'approver.removed' } })).toBe(0)
  })

  it('cannot add an approver either', async () => {
    const w = await managerRaisesChange()
    const another = await actorWith(['APPROVER'])
    await expect(addApprover(w.manager, { changeId: w.changeId, userId: another.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('cannot grant a SOFT freeze exception to their own change, while another change manager can', async () => {
    const manager = await actorWith(['CHANGE_MANAGER', 'REQUESTER'])
    const owner = await actorWith(['APPROVER'])
    const payments = await createService({ ownerId: owner.id })
    const windowStart = new Date(Date.now() + 40 * DAY)
    const windowEnd = new Date(windowStart.getTime() + 2 * HOUR)
    const change = await createSubmittedChange(prisma, { requesterId: manager.id, serviceIds: [payments.id], windowStart, windowEnd })
    const freeze = await arrangeFreeze({
      createdById: owner.id,
      severity: 'SOFT',
      serviceIds: [payments.id],
      startsAt: new Date(windowStart.getTime() - HOUR),
      endsAt: new Date(windowEnd.getTime() + HOUR),
    })
    const input = await exceptionInput(change.id, freeze.id, 'The certificate expires during the freeze window.')
    await expect(grantFreezeException(manager, input)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/raised this change/) })
    expect(await prisma.freezeException.count({ where: { changeId: change.id } })).toBe(0)

    const colleague = await actorWith(['CHANGE_MANAGER'])
    await expect(grantFreezeException(colleague, input)).resolves.toMatchObject({ id: expect.any(String) })
  })

  it('an admin cannot grant an exception to a change they raised either', async () => {
    const admin = await actorWith(['ADMIN', 'REQUESTER'])
    const owner = await actorWith(['APPROVER'])
    const payments = await createService({ ownerId: owner.id })
    const windowStart = new Date(Date.now() + 41 * DAY)
    const windowEnd = new Date(windowStart.getTime() + 2 * HOUR)
    const change = await createSubmittedChange(prisma, {
      requesterId: admin.id,
      serviceIds: [payments.id],
      type: 'EMERGENCY',
      windowStart,
      windowEnd,
    })
    const freeze = await arrangeFreeze({
      createdById: owner.id,
      severity: 'HARD',
      serviceIds: [payments.id],
      startsAt: new Date(windowStart.getTime() - HOUR),
      endsAt: new Date(windowEnd.getTime() + HOUR),
    })
    await expect(
      grantFreezeException(admin, await exceptionInput(change.id, freeze.id, 'Production is down and this fix cannot wait.')),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
