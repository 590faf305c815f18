import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { countUnreadNotifications, listNotifications, UNREAD_CAP } from '@/lib/server/notifications/list-notifications'
import { markNotificationsRead } from '@/lib/server/notifications/mark-notifications-read'
import { createUser } from '../factories/user'

describe('notifications', () => {
  it('lists only the actor’s own notices, newest first, and marks them read', async () => {
    const rita = await createUser({ roles: ['REQUESTER'] })
    const other = await createUser({ roles: ['REQUESTER'] })
    await prisma.notification.create({ data: { userId: rita.id, message: 'first', createdAt: new Date('2026-01-01T00:00:00Z') } })
    await prisma.notification.create({ data: { userId: rita.id, message: 'second', createdAt: new Date('2026-01-02T00:00:00Z') } })
    await prisma.notification.create({ data: { userId: other.id, message: 'not yours' } })
    const actor = { id: rita.id, name: rita.name, roles: rita.roles }

    expect((await listNotifications(actor)).map((n) => [n.message, n.read])).toEqual([
      ['second', false],
      ['first', false],
    ])
    expect(await countUnreadNotifications(actor)).toEqual({ count: 2, capped: false })

    expect(await markNotificationsRead(actor)).toBe(2)
    expect(await countUnreadNotifications(actor)).toEqual({ count: 0, capped: false })
    expect((await listNotifications(actor)).every((n) => n.read)).toBe(true)
    expect(await prisma.notification.count({ where: { userId: other.id, readAt: null } })).toBe(1)
  })

  it('counts unread notices only up to the cap', async () => {
    const user = await createUser({ roles: ['REQUESTER'] })
    await prisma.notification.createMany({ data: Array.from({ length: UNREAD_CAP + 5 }, (_, i) => ({ userId: user.id, message: `n${i}` })) })
    expect(await countUnreadNotifications({ id: user.id, name: user.name, roles: user.roles })).toEqual({ count: UNREAD_CAP, capped: true })
  })
})
