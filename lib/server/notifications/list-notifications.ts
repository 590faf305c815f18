import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '../db'

export type NotificationItem = {
  id: string
  message: string
  createdAt: Date
  read: boolean
  change: { id: string; number: number; title: string } | null
}

/** The actor's own in-app notices, newest first (nobody reads anyone else's). */
export async function listNotifications(actor: Actor, limit = 50): Promise<NotificationItem[]> {
  const rows = await prisma.notification.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, message: true, createdAt: true, readAt: true, change: { select: { id: true, number: true, title: true } } },
  })
  return rows.map((row) => ({ id: row.id, message: row.message, createdAt: row.createdAt, read: row.readAt !== null, change: row.change }))
}

export async function countUnreadNotifications(actor: Actor): Promise<number> {
  return prisma.notification.count({ where: { userId: actor.id, readAt: null } })
}
