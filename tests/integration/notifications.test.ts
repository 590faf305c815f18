import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { countUnreadNotifications, listNotifications, markNotificationsRead, NOTIFICATIONS_PAGE_SIZE, UNREAD_CAP } from '@/lib/server/notifications/inbox'
import { createUser } from '../factories/user'

describe('notifications', () => {
  it('lists only the actor’s own notices, newest first, and marks them read', async () => {
    const rita = await createUser({ roles: ['REQUESTER'] })
    const other = await createUser({ roles: ['REQUESTER'] })
    await prisma.notification.create({ data: { userId: rita.id, message: 'first', createdAt: new Date('2026-01-01T00:00:00Z') } })
    await prisma.notification.create({ data: { userId: rita.id, message: 'second', createdAt: new Date('2026-01-02T00:00:00Z') } })
    await prisma.notification.create({ data: { userId: other.id, message: 'not yours' } })
    const actor = { id: rita.id, name: rita.name, roles: rita.roles }

    expect((await listNotifications(actor)).items.map((n) => [n.message, n.read])).toEqual([
      ['second', false],
      ['first', false],
    ])
    expect(await countUnreadNotifications(actor)).toEqual({ count: 2, capped: false })

    expect(await markNotificationsRead(actor)).toBe(2)
    expect(await countUnreadNotifications(actor)).toEqual({ count: 0, capped: false })
    expect((await listNotifications(actor)).items.every((n) => n.read)).toBe(true)
    expect(await prisma.notification.count({ where: { userId: other.id, readAt: null } })).toBe(1)
  })

  it('pages through every notice, newest first, without repeats, even when several share a time', async () => {
    const user = await createUser({ roles: ['REQUESTER'] })
    const actor = { id: user.id, name: user.name, roles: user.roles }
    const total = 2 * NOTIFICATIONS_PAGE_SIZE + 3
    // Pairs share a timestamp, so the page boundary must fall back on the id.
    await prisma.notification.createMany({
      data: Array.from({ length: total }, (_, i) => ({ userId: user.id, message: `n${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, Math.floor(i / 2))) })),
    })
    const seen: string[] = []
    let page = await listNotifications(actor)
    expect(page.older).toBe(false)
    for (;;) {
      seen.push(...page.items.map((n) => n.message))
      if (!page.next) break
      page = await listNotifications(actor, page.next)
      expect(page.older).toBe(true)
    }
    expect(seen).toHaveLength(total)
    expect(new Set(seen).size).toBe(total)
    const minutes = seen.map((m) => Math.floor(Number(m.slice(1)) / 2))
    expect(minutes).toEqual([...minutes].sort((a, b) => b - a))
    // A cursor that does not parse shows the newest page rather than an error.
    expect((await listNotifications(actor, 'not-a-cursor')).items.map((n) => n.message)).toEqual(seen.slice(0, NOTIFICATIONS_PAGE_SIZE))
  })

  it('counts unread notices only up to the cap', async () => {
    const user = await createUser({ roles: ['REQUESTER'] })
    await prisma.notification.createMany({ data: Array.from({ length: UNREAD_CAP + 5 }, (_, i) => ({ userId: user.id, message: `n${i}` })) })
    expect(await countUnreadNotifications({ id: user.id, name: user.name, roles: user.roles })).toEqual({ count: UNREAD_CAP, capped: true })
  })
})
