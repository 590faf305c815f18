import { beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { listChanges, PAGE_SIZE } from '@/lib/server/change-requests/list-changes'
import { ZListChangesInput } from '@/lib/server/change-requests/schemas'
import { countChangesInStatus, myChangesByStatus, UPCOMING_SHOWN, upcomingChanges } from '@/lib/server/change-requests/dashboard'
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

  it('shows the board’s work first (in flight, soonest window first), then everything else newest first', async () => {
    // early and other are SUBMITTED with a window; late and nowindow are drafts (nowindow was filed last).
    expect(idsOf(await list(people.requester, {}))).toEqual([ids.early, ids.other, ids.nowindow, ids.late])
  })

  it('filters by status, type, service, requester and window range', async () => {
    const { requester, otherRequester, payments } = people
    expect(idsOf(await list(requester, { status: 'SUBMITTED' }))).toEqual([ids.early, ids.other])
    expect(idsOf(await list(requester, { type: 'EMERGENCY' }))).toEqual([ids.other])
    expect(idsOf(await list(requester, { serviceId: payments.id }))).toEqual([ids.other, ids.late])
    expect(idsOf(await list(requester, { status: 'DRAFT' }))).toEqual([ids.nowindow, ids.late])
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

  it('pages with a cursor across both sections, never repeating or skipping a change', async () => {
    const { requester, otherRequester, queue } = people
    // Half in flight (work section), half drafts (history): the pages must cross from one to the other.
    for (let i = 0; i < PAGE_SIZE + 2; i++) {
      await factoryChange({
        requesterId: otherRequester.id,
        serviceIds: [queue.id],
        title: `Bulk paging ${i}`,
        status: i % 2 === 0 ? 'SUBMITTED' : 'DRAFT',
        windowStart: new Date(Date.UTC(2032, 0, 1) + i * DAY),
      })
    }
    const first = await list(requester, { q: 'Bulk paging' })
    expect(first).toMatchObject({ page: 1, first: 1 })
    expect(first.items).toHaveLength(PAGE_SIZE)
    expect(first.next).not.toBeNull()
    const second = await list(requester, { q: 'Bulk paging', after: first.next ?? '', page: '2' })
    expect(second).toMatchObject({ page: 2, first: PAGE_SIZE + 1, next: null })
    const titles = [...first.items, ...second.items].map((i) => i.title)
    const submitted = Array.from({ length: PAGE_SIZE + 2 }, (_, i) => i).filter((i) => i % 2 === 0)
    const drafts = Array.from({ length: PAGE_SIZE + 2 }, (_, i) => i).filter((i) => i % 2 === 1).reverse()
    expect(titles).toEqual([...submitted, ...drafts].map((i) => `Bulk paging ${i}`))
    // A cursor that does not parse shows the first page rather than an error.
    expect((await list(requester, { q: 'Bulk paging', after: 'not-a-cursor', page: '7' })).items.map((i) => i.title)).toEqual(first.items.map((i) => i.title))
  })

  it('under a window filter, history is newest window first and pages through without repeats', async () => {
    const { requester, otherRequester, queue } = people
    // Filed in an order unrelated to their windows, so number order and window order disagree.
    const days = Array.from({ length: PAGE_SIZE + 3 }, (_, i) => (i * 7) % (PAGE_SIZE + 3))
    for (const day of days) {
      await factoryChange({
        requesterId: otherRequester.id,
        serviceIds: [queue.id],
        title: `Window paging ${day}`,
        status: day === 0 ? 'SUBMITTED' : 'DRAFT',
        windowStart: new Date(Date.UTC(2033, 0, 1) + day * DAY),
      })
    }
    const query = { from: '2033-01-01', to: '2033-03-01', q: 'Window paging' }
    const first = await list(requester, query)
    expect(first.items).toHaveLength(PAGE_SIZE)
    const second = await list(requester, { ...query, after: first.next ?? '', page: '2' })
    expect(second).toMatchObject({ page: 2, first: PAGE_SIZE + 1, next: null })
    const history = days.filter((d) => d !== 0).sort((a, b) => b - a)
    expect([...first.items, ...second.items].map((i) => i.title)).toEqual([0, ...history].map((d) => `Window paging ${d}`))
  })

  it('search escapes LIKE wildcards and also matches the purpose', async () => {
    const { requester, queue } = people
    const literal = await factoryChange({ requesterId: requester.id, serviceIds: [queue.id], title: 'Raise limit to 100% of quota' })
    await factoryChange({ requesterId: requester.id, serviceIds: [queue.id], title: 'Raise limit to 1000 of quota' })
    expect((await list(requester, { q: '100%' })).items.map((i) => i.id)).toEqual([literal.id])
    const byPurpose = await prisma.changeRequest.update({ where: { id: literal.id }, data: { purpose: 'Because the Quokka cluster ran out' } })
    expect((await list(requester, { q: 'quokka' })).items.map((i) => i.id)).toEqual([byPurpose.id])
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
    // A busy week: the dashboard names the soonest few, the calendar has the rest.
    for (let i = 0; i <= UPCOMING_SHOWN; i++) {
      await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'SCHEDULED', windowStart: new Date(Date.now() + 3 * DAY + i * 3_600_000) })
    }
    const busy = (await upcomingChanges(requester)).items
    expect(busy).toHaveLength(UPCOMING_SHOWN)
    expect(busy[0]?.id).toBe(soon.id)
    const scheduled = await prisma.changeRequest.count({ where: { status: 'SCHEDULED' } })
    expect(await countChangesInStatus(requester, 'SCHEDULED', scheduled)).toEqual({ count: scheduled, capped: false })
    expect(await countChangesInStatus(requester, 'SCHEDULED', scheduled - 1)).toEqual({ count: scheduled - 1, capped: true })
    expect(await prisma.changeRequest.count()).toBeGreaterThan(0)
  })
})
