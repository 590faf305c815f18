import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { watchersOf } from '@/lib/server/notifications/watchers'
import { listServicesToWatch, setChangeWatch, setServiceWatch } from '@/lib/server/watching/watch'
import { ZSetChangeWatchInput, ZSetServiceWatchInput } from '@/lib/server/watching/schemas'
import { getChange } from '@/lib/server/change-requests/get-change'
import { createService } from '@/tests/factories'
import { actorWith, cast, factoryChange } from './change-requests-support'

const watchChange = (changeId: string, watch: boolean) => ZSetChangeWatchInput.parse({ changeId, watch: String(watch) })
const watchService = (serviceId: string, watch: boolean) => ZSetServiceWatchInput.parse({ serviceId, watch: String(watch) })

describe('watching a change', () => {
  it('anyone signed in may watch and unwatch; watching twice keeps one row; the change page knows', async () => {
    const { requester, payments } = await cast()
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'SUBMITTED' })
    const nobody = await actorWith([])

    expect((await getChange(nobody, change.id)).watching).toBe(false)
    await setChangeWatch(nobody, watchChange(change.id, true))
    await setChangeWatch(nobody, watchChange(change.id, true))
    expect(await prisma.changeWatch.count({ where: { changeId: change.id } })).toBe(1)
    expect((await getChange(nobody, change.id)).watching).toBe(true)
    expect((await getChange(requester, change.id)).watching).toBe(false)

    await setChangeWatch(nobody, watchChange(change.id, false))
    await setChangeWatch(nobody, watchChange(change.id, false))
    expect(await prisma.changeWatch.count({ where: { changeId: change.id } })).toBe(0)
    expect((await getChange(nobody, change.id)).watching).toBe(false)
  })

  it('an unknown change is NOT_FOUND and writes nothing', async () => {
    const someone = await actorWith(['APPROVER'])
    await expect(setChangeWatch(someone, watchChange('00000000-0000-4000-8000-000000000000', true))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await prisma.changeWatch.count({ where: { userId: someone.id } })).toBe(0)
  })

  it('the form’s input is checked: a missing or odd watch value is refused', () => {
    expect(ZSetChangeWatchInput.safeParse({ changeId: '00000000-0000-4000-8000-000000000000' }).success).toBe(false)
    expect(ZSetChangeWatchInput.safeParse({ changeId: '00000000-0000-4000-8000-000000000000', watch: 'yes' }).success).toBe(false)
    expect(ZSetChangeWatchInput.safeParse({ changeId: 'nope', watch: 'true' }).success).toBe(false)
  })
})

describe('watching a service', () => {
  it('anyone may watch and unwatch a service; the services list shows it as watched for them only', async () => {
    const { payments, queue } = await cast()
    const viewer = await actorWith(['REQUESTER'])
    const other = await actorWith(['APPROVER'])

    await setServiceWatch(viewer, watchService(payments.id, true))
    await setServiceWatch(viewer, watchService(payments.id, true))
    expect(await prisma.serviceWatch.count({ where: { serviceId: payments.id } })).toBe(1)

    const mine = await listServicesToWatch(viewer)
    expect(mine.find((s) => s.id === payments.id)?.watching).toBe(true)
    expect(mine.find((s) => s.id === queue.id)?.watching).toBe(false)
    expect((await listServicesToWatch(other)).find((s) => s.id === payments.id)?.watching).toBe(false)

    await setServiceWatch(viewer, watchService(payments.id, false))
    expect((await listServicesToWatch(viewer)).find((s) => s.id === payments.id)?.watching).toBe(false)
  })

  it('an unknown service is NOT_FOUND', async () => {
    const someone = await actorWith([])
    await expect(setServiceWatch(someone, watchService('00000000-0000-4000-8000-000000000000', true))).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('watchersOf', () => {
  it('is the change’s watchers ∪ the watchers of any service it affects, each once, active users only', async () => {
    const { requester, payments, queue, avery } = await cast()
    const unrelatedService = await createService({ ownerId: avery.id })
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id, queue.id], status: 'IN_PROGRESS' })
    const other = await factoryChange({ requesterId: requester.id, serviceIds: [unrelatedService.id], status: 'SUBMITTED' })

    const changeWatcher = await actorWith(['APPROVER'])
    const serviceWatcher = await actorWith(['REQUESTER'])
    const both = await actorWith(['CHANGE_MANAGER'])
    const twoServices = await actorWith([])
    const inactive = await actorWith(['APPROVER'])
    const elsewhere = await actorWith(['APPROVER'])

    await setChangeWatch(changeWatcher, watchChange(change.id, true))
    await setServiceWatch(serviceWatcher, watchService(queue.id, true))
    await setChangeWatch(both, watchChange(change.id, true))
    await setServiceWatch(both, watchService(payments.id, true))
    await setServiceWatch(twoServices, watchService(payments.id, true))
    await setServiceWatch(twoServices, watchService(queue.id, true))
    await setChangeWatch(inactive, watchChange(change.id, true))
    await setServiceWatch(inactive, watchService(payments.id, true))
    await prisma.user.update({ where: { id: inactive.id }, data: { active: false } })
    await setChangeWatch(elsewhere, watchChange(other.id, true))
    await setServiceWatch(elsewhere, watchService(unrelatedService.id, true))

    const watchers = await watchersOf(prisma, change.id)
    expect(watchers).toHaveLength(4)
    expect([...watchers].sort()).toEqual([changeWatcher.id, serviceWatcher.id, both.id, twoServices.id].sort())
    expect(await watchersOf(prisma, other.id)).toEqual([elsewhere.id])
  })

  it('is empty for a change nobody watches, and reads inside a transaction', async () => {
    const { requester, payments } = await cast()
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id] })
    expect(await watchersOf(prisma, change.id)).toEqual([])
    const watcher = await actorWith([])
    const seen = await prisma.$transaction(async (tx) => {
      await tx.changeWatch.create({ data: { changeId: change.id, userId: watcher.id } })
      return watchersOf(tx, change.id)
    })
    expect(seen).toEqual([watcher.id])
  })
})
