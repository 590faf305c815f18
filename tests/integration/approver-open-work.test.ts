// ChangeApprover.changeSubmitted mirrors "the change is SUBMITTED", with the
// change's window start and number, for the partial index the inbox walks
// (migrations 20261207150000, 20261207160000). Triggers keep them,
// so these tests move changes the way any write path would and read it back.
import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { createService } from '@/tests/factories'
import { createChange } from '@/tests/factories/change-requests'
import { actorWith } from './change-requests-support'

const flags = async (changeId: string) =>
  (await prisma.changeApprover.findMany({ where: { changeId }, select: { changeSubmitted: true } })).map((a) => a.changeSubmitted)

describe('the seats of submitted changes', () => {
  it('follow their change into and out of SUBMITTED, and a seat added later takes the change’s state', async () => {
    const [requester, owner, nominee] = await Promise.all([actorWith(['REQUESTER']), actorWith(['APPROVER']), actorWith(['APPROVER'])])
    const service = await createService({ ownerId: owner.id })
    const change = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'SUBMITTED' })
    expect(await flags(change.id)).toEqual([true])

    await prisma.changeApprover.create({ data: { changeId: change.id, userId: nominee.id, source: 'NOMINATED' } })
    expect(await flags(change.id)).toEqual([true, true])

    await prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'REJECTED' } })
    expect(await flags(change.id)).toEqual([false, false])

    await prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'SUBMITTED' } })
    expect(await flags(change.id)).toEqual([true, true])
  })

  it('carry their change’s window start and number, moved with the window, so the inbox walks them in order', async () => {
    const [requester, owner] = await Promise.all([actorWith(['REQUESTER']), actorWith(['APPROVER'])])
    const service = await createService({ ownerId: owner.id })
    const start = new Date('2031-05-04T09:00:00Z')
    const change = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'SUBMITTED', windowStart: start, windowEnd: new Date('2031-05-04T10:00:00Z') })
    const seat = () => prisma.changeApprover.findFirstOrThrow({ where: { changeId: change.id }, select: { changeWindowStart: true, changeNumber: true } })
    const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id }, select: { number: true } })
    expect(await seat()).toEqual({ changeWindowStart: start, changeNumber: row.number })

    const moved = new Date('2031-05-11T09:00:00Z')
    await prisma.changeRequest.update({ where: { id: change.id }, data: { windowStart: moved, windowEnd: new Date('2031-05-11T10:00:00Z') } })
    expect((await seat()).changeWindowStart).toEqual(moved)
  })

  it('cannot be set by hand against the change’s status', async () => {
    const [requester, owner] = await Promise.all([actorWith(['REQUESTER']), actorWith(['APPROVER'])])
    const service = await createService({ ownerId: owner.id })
    const draft = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'APPROVED' })
    await prisma.changeApprover.updateMany({ where: { changeId: draft.id }, data: { changeSubmitted: true } })
    expect(await flags(draft.id)).toEqual([false])
  })
})
