import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '../db'

/** Marks every unread notice of the actor as read; returns how many. */
export async function markNotificationsRead(actor: Actor, now = new Date()): Promise<number> {
  const { count } = await prisma.notification.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: now } })
  return count
}
