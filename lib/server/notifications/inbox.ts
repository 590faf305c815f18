import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { z } from 'zod'
import { prisma } from '@/lib/server/db'

export type NotificationItem = {
  id: string
  message: string
  createdAt: Date
  read: boolean
  change: { id: string; number: number; title: string } | null
}

/** Notices per page: like the change lists, one screen; older ones are a link away. */
export const NOTIFICATIONS_PAGE_SIZE = 20

const ZNoticeCursor = z.object({ t: z.iso.datetime(), i: z.uuid() })

/** Where a page ended (its last notice's time and id), opaque in the URL. */
function encodeNoticeCursor(item: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ t: item.createdAt.toISOString(), i: item.id })).toString('base64url')
}

/** A cursor that does not parse (hand-edited, truncated) means the newest page. */
function decodeNoticeCursor(text: string | undefined): { createdAt: Date; id: string } | null {
  if (!text) return null
  try {
    const parsed = ZNoticeCursor.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')))
    return parsed.success ? { createdAt: new Date(parsed.data.t), id: parsed.data.i } : null
  } catch {
    return null
  }
}

/**
 * The actor's own in-app notices (nobody reads anyone else's), newest first,
 * one page at a time on the (userId, createdAt) index: a busy approver
 * collects thousands, and every one of them stays reachable.
 */
export async function listNotifications(actor: Actor, after?: string): Promise<{ items: NotificationItem[]; next: string | null; older: boolean }> {
  const cursor = decodeNoticeCursor(after)
  const rows = await prisma.notification.findMany({
    where: {
      userId: actor.id,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: NOTIFICATIONS_PAGE_SIZE + 1,
    select: { id: true, message: true, createdAt: true, readAt: true, change: { select: { id: true, number: true, title: true } } },
  })
  const items = rows.slice(0, NOTIFICATIONS_PAGE_SIZE).map((row) => ({ id: row.id, message: row.message, createdAt: row.createdAt, read: row.readAt !== null, change: row.change }))
  const last = items.at(-1)
  return { items, next: rows.length > NOTIFICATIONS_PAGE_SIZE && last ? encodeNoticeCursor(last) : null, older: cursor !== null }
}

/** Unread notices are counted up to this (the navigation shows "99+" beyond), so a neglected inbox costs no more. */
export const UNREAD_CAP = 99

export async function countUnreadNotifications(actor: Actor): Promise<{ count: number; capped: boolean }> {
  const n = await prisma.notification.count({ where: { userId: actor.id, readAt: null }, take: UNREAD_CAP + 1 })
  return { count: Math.min(n, UNREAD_CAP), capped: n > UNREAD_CAP }
}

/** Marks every unread notice of the actor as read; returns how many. */
export async function markNotificationsRead(actor: Actor, now = new Date()): Promise<number> {
  const { count } = await prisma.notification.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: now } })
  return count
}
