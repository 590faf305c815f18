import { beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { listChanges, PAGE_SIZE } from '@/lib/server/change-requests/list-changes'
import { ZListChangesInput } from '@/lib/server/change-requests/list-changes.schema'
import { myChangesByStatus, upcomingChanges } from '@/lib/server/change-requests/dashboard'
import { cast, factoryChange } from './change-requests-support'

const DAY = 86_400_000
const list = (actor: Parameters<typeof listChanges>[0], query: Record<string, string>) => listChanges(actor, ZListChangesInput.parse(query))

describe('listChanges', () => {
  let people: Awaited<ReturnType<typeof cast>>
  const ids: Record<string, string> = {}
  const numbers: Record<string, number> = {}

  beforeAll(async () => {
    people = await cast()
    const { requester, otherRequester, payments, queue } = people
    const base = Date.UTC(2031, 0, 10, 9)
    const make = async (key: string, input: Parameters<typeof factoryChange>[0]) => {
      const change = await factoryChange(input)
      ids[key] = change.id
      numbers[key] = change.number
    }
    await make('late', { requesterId: requester.id, serviceIds: [payments.id], title: 'Upgrade Kafka brokers', windowStart: new Date(base + 3 * DAY) })
    await make('early', { requesterId: requester.id, serviceIds: [queue.id], title: 'Patch kernel', status: 'SUBMITTED', windowStart: new Date(base) })
    await make('other', {
      requesterId: otherRequester.id,
      serviceIds: [payments.id],
      title: 'Emergency kafka fix',
      type: 'EMERGENCY',
      status: 'SUBMITTED',
      windowStart: new Date(base + DAY),
    })
    await make('nowindow', { requesterId: requester.id, serviceIds: [queue.id], title: 'Someday', windowStart: null, windowEnd: null })
  })

  const idsOf = (result: Awaited<ReturnType<typeof listChanges>>) => result.items.map((i) => i.id).filter((id) => Object.values(ids).includes(id))

  it('sorts by window start (no window last)', async () => {
    expect(idsOf(await list(people.requester, {}))).toEqual([ids.early, ids.other, ids.late, ids.nowindow].filter(Boolean))
  })

  it('filters by status, type, service, requester and window range', async () => {
    const { requester, otherRequester, payments } = people
    expect(idsOf(await list(requester, { status: 'SUBMITTED' }))).toEqual([ids.early, ids.other])
    expect(idsOf(await list(requester, { type: 'EMERGENCY' }))).toEqual([ids.other])
    expect(idsOf(await list(requester, { serviceId: payments.id }))).toEqual([ids.other, ids.late])
    expect(idsOf(await list(requester, { requesterId: otherRequester.id }))).toEqual([ids.other])
    expect(idsOf(await list(requester, { from: '2031-01-11', to: '2031-01-12' }))).toEqual([ids.other])
    expect(idsOf(await list(requester, { from: '2031-01-10', to: '' }))).toEqual([ids.early, ids.other, ids.late])
  })

  it('searches titles (case-insensitive) and numbers in any form', async () => {
    const { requester } = people
    expect(idsOf(await list(requester, { q: 'KAFKA' }))).toEqual([ids.other, ids.late])
    const n = numbers.late ?? 0
    for (const q of [`CHG-${String(n).padStart(6, '0')}`, String(n), `chg${n}`]) {
      expect(idsOf(await list(requester, { q }))).toEqual([ids.late])
    }
  })

  it('paginates on the server', async () => {
    const { requester, queue } = people
    for (let i = 0; i < PAGE_SIZE + 2; i++) {
      await factoryChange({ requesterId: requester.id, serviceIds: [queue.id], title: `Bulk paging ${i}`, windowStart: new Date(Date.UTC(2032, 0, 1) + i * DAY) })
    }
    const first = await list(requester, { q: 'Bulk paging' })
    expect(first).toMatchObject({ total: PAGE_SIZE + 2, page: 1, pageCount: 2 })
    expect(first.items).toHaveLength(PAGE_SIZE)
    const second = await list(requester, { q: 'Bulk paging', page: '2' })
    expect(second.items.map((i) => i.title)).toEqual([`Bulk paging ${PAGE_SIZE}`, `Bulk paging ${PAGE_SIZE + 1}`])
    expect((await list(requester, { q: 'Bulk paging', page: '99' })).page).toBe(2)
  })

  it('dashboard: my changes by status, and scheduled changes in the next 7 days', async () => {
    const { requester, payments } = people
    expect(await myChangesByStatus(requester)).toEqual(
      expect.arrayContaining([
        { status: 'DRAFT', count: expect.any(Number) },
        { status: 'SUBMITTED', count: 1 },
      ]),
    )
    const soon = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'SCHEDULED', windowStart: new Date(Date.now() + 2 * DAY) })
    const far = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'SCHEDULED', windowStart: new Date(Date.now() + 9 * DAY) })
    const upcoming = (await upcomingChanges(requester)).items.map((i) => i.id)
    expect(upcoming).toContain(soon.id)
    expect(upcoming).not.toContain(far.id)
    expect(await prisma.changeRequest.count()).toBeGreaterThan(0)
  })
})
