import 'server-only'
import { isValidTimeZone } from '@/lib/domain/time/zoned'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from './db'

/**
 * The zone the viewer reads times in: User.timeZone as getActor read it with
 * the rest of the user, so no page asks the database again. UTC when unknown
 * (an actor built without one, or a zone this runtime no longer knows).
 */
export function viewerTimeZone(actor: Actor): string {
  return actor.timeZone !== undefined && isValidTimeZone(actor.timeZone) ? actor.timeZone : 'UTC'
}

/** The viewer's zone and ICS token, for the calendar's subscribe panel. */
export async function viewerCalendarSettings(actor: Actor): Promise<{ timeZone: string; icsToken: string | null }> {
  const user = await prisma.user.findUnique({ where: { id: actor.id }, select: { icsToken: true } })
  return { timeZone: viewerTimeZone(actor), icsToken: user?.icsToken ?? null }
}
