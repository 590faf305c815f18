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

/** Unread notices are counted up to this (the navigation shows "99+" beyond), so a neglected inbox costs no more. */
export const UNREAD_CAP = 99

export async function countUnreadNotifications(actor: Actor): Promise<{ count: number; capped: boolean }> {
  const n = await prisma.notification.count({ where: { userId: actor.id, readAt: null }, take: UNREAD_CAP + 1 })
  return { count: Math.min(n, UNREAD_CAP), capped: n > UNREAD_CAP }
}
