import { describe, expect, it } from 'vitest'
import type { ChangeStatus } from '@/lib/domain/shared/types'
import { LIMITS } from '@/lib/domain/shared/limits'
import { prisma } from '@/lib/server/db'
import { getChange } from '@/lib/server/change-requests/get-change'
import { postStatusUpdate } from '@/lib/server/change-requests/post-status-update'
import { ZPostStatusUpdateInput } from '@/lib/server/change-requests/schemas'
import { recordOutcome, reviewChange } from '@/lib/server/lifecycle/transition'
import { parseInput } from '@/lib/server/validation'
import { actorWith, auditOf, cast, factoryChange } from './change-requests-support'

const input = (changeId: string, body: string) => parseInput(ZPostStatusUpdateInput, { changeId, body })

/** Everything a post could have written for this change. */
async function written(changeId: string) {
  const [updates, audit, notices] = await Promise.all([
    prisma.changeUpdate.count({ where: { changeId } }),
    prisma.auditEvent.count({ where: { changeId, action: 'change.update-posted' } }),
    prisma.notification.count({ where: { changeId } }),
  ])
  return { updates, audit, notices }
}

describe('posting a status update', () => {
  it('the requester posts while IN_PROGRESS: the update, its audit event and notices to the watchers and not the author, in one go', async () => {
    const { requester, payments, manager } = await cast()
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'IN_PROGRESS' })
    const changeWatcher = await actorWith(['APPROVER'])
    const serviceWatcher = await actorWith([])
    const inactiveWatcher = await actorWith([])
    await prisma.changeWatch.createMany({ data: [changeWatcher, inactiveWatcher, requester].map((u) => ({ changeId: change.id, userId: u.id })) })
    await prisma.serviceWatch.create({ data: { serviceId: payments.id, userId: serviceWatcher.id } })
    await prisma.user.update({ where: { id: inactiveWatcher.id }, data: { active: false } })
    const before = await prisma.notification.count({ where: { changeId: change.id } })

    const update = await postStatusUpdate(requester, input(change.id, '  step 2 of 4 done  '))

    const row = await prisma.changeUpdate.findUniqueOrThrow({ where: { id: update.id } })
    expect(row).toMatchObject({ changeId: change.id, authorId: requester.id, body: 'step 2 of 4 done' })
    const audit = (await auditOf(change.id)).filter((e) => e.action === 'change.update-posted')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actorId: requester.id, details: { updateId: update.id, body: 'step 2 of 4 done' } })

    const notices = await prisma.notification.findMany({ where: { changeId: change.id, createdAt: { gte: row.createdAt } } })
    expect(notices.map((n) => n.userId).sort()).toEqual([changeWatcher.id, serviceWatcher.id].sort())
    expect(notices[0]?.message).toBe(`${requester.name} posted an update on ${change.displayNumber}: step 2 of 4 done`)
    expect(await prisma.notification.count({ where: { changeId: change.id } })).toBe(before + 2)
    // A manager who watches nothing hears nothing.
    expect(await prisma.notification.count({ where: { userId: manager.id, changeId: change.id } })).toBe(0)
  })

  it('a change manager posts: the requester is told even without watching; the author never is', async () => {
    const { requester, payments, manager } = await cast()
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'IN_PROGRESS' })
    await prisma.changeWatch.create({ data: { changeId: change.id, userId: manager.id } })

    await postStatusUpdate(manager, input(change.id, 'rolling back: step 3 failed'))

    const told = await prisma.notification.findMany({ where: { changeId: change.id, message: { contains: 'rolling back' } } })
    expect(told.map((n) => n.userId)).toEqual([requester.id])
  })

  it.each<ChangeStatus>(['DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED', 'COMPLETED', 'ROLLED_BACK', 'FAILED', 'CLOSED', 'REJECTED', 'CANCELLED'])(
    'is refused in %s, for the requester and a change manager, and writes nothing',
    async (status) => {
      const { requester, payments, manager } = await cast()
      const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status })
      await prisma.changeWatch.create({ data: { changeId: change.id, userId: (await actorWith([])).id } })
      const before = await written(change.id)
      for (const who of [requester, manager]) {
        await expect(postStatusUpdate(who, input(change.id, 'step 1 of 4 done'))).rejects.toMatchObject({
          code: 'REFUSED',
          message: 'Status updates can be posted only while the change is in progress.',
        })
      }
      expect(await written(change.id)).toEqual(before)
    },
  )

  it('is forbidden to approvers, other requesters and admins, and writes nothing', async () => {
    const { requester, otherRequester, avery, payments } = await cast()
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'IN_PROGRESS' })
    const admin = await actorWith(['ADMIN'])
    await prisma.changeWatch.create({ data: { changeId: change.id, userId: avery.id } })
    const before = await written(change.id)
    for (const who of [avery, otherRequester, admin]) {
      await expect(postStatusUpdate(who, input(change.id, 'step 1 of 4 done'))).rejects.toMatchObject({ code: 'FORBIDDEN' })
    }
    expect(await written(change.id)).toEqual(before)
  })

  it('the body is required and bounded by LIMITS.statusUpdate', () => {
    const changeId = '00000000-0000-4000-8000-000000000000'
    expect(() => input(changeId, '   ')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { fieldErrors: { body: ['Write the status update.'] } } }))
    expect(() => input(changeId, 'x'.repeat(LIMITS.statusUpdate + 1))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
    expect(input(changeId, 'x'.repeat(LIMITS.statusUpdate)).body).toHaveLength(LIMITS.statusUpdate)
  })

  it('an unknown change is NOT_FOUND', async () => {
    const { manager } = await cast()
    await expect(postStatusUpdate(manager, input('00000000-0000-4000-8000-000000000000', 'step 1 done'))).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('the timeline', () => {
  it('shows the updates, then the outcome and the review, each with its author, in time order', async () => {
    const { requester, payments, manager } = await cast()
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'IN_PROGRESS' })
    await postStatusUpdate(manager, input(change.id, 'step 1 of 2 done'))
    await postStatusUpdate(requester, input(change.id, 'step 2 of 2 done'))
    const running = await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })
    await recordOutcome(manager, { changeId: change.id, version: running.version, outcome: 'complete', notes: 'All checks green.' })
    await reviewChange(manager, { changeId: change.id, notes: 'Went to plan.' })

    const detail = await getChange(requester, change.id)
    expect(detail.timeline.map((e) => [e.label, e.authorName, e.body])).toEqual([
      ['Status update', manager.name, 'step 1 of 2 done'],
      ['Status update', requester.name, 'step 2 of 2 done'],
      ['Outcome: completed', manager.name, 'All checks green.'],
      ['Post-implementation review', manager.name, 'Went to plan.'],
    ])
    // After the work, nobody posts updates any more.
    expect(detail.permissions.postUpdate).toBe(false)
  })

  it('offers the form only to those who may post now', async () => {
    const { requester, payments, manager, avery } = await cast()
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'IN_PROGRESS' })
    expect((await getChange(requester, change.id)).permissions.postUpdate).toBe(true)
    expect((await getChange(manager, change.id)).permissions.postUpdate).toBe(true)
    expect((await getChange(avery, change.id)).permissions.postUpdate).toBe(false)
  })
})
