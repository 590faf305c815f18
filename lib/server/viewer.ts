import 'server-only'
import { isValidTimeZone } from '@/lib/domain/time/zoned'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from './db'

/**
 * The zone the viewer reads times in (User.timeZone), UTC if unset or unknown.
 * Taken from the actor when the request already loaded it (getActor), so a
 * page asks the database once, not once per section.
 */
export async function viewerTimeZone(actor: Actor): Promise<string> {
  if (actor.timeZone !== undefined) return isValidTimeZone(actor.timeZone) ? actor.timeZone : 'UTC'
  const user = await prisma.user.findUnique({ where: { id: actor.id }, select: { timeZone: true } })
  return user && isValidTimeZone(user.timeZone) ? user.timeZone : 'UTC'
}

/** The viewer's zone and ICS token, for the calendar's subscribe panel. */
export async function viewerCalendarSettings(actor: Actor): Promise<{ timeZone: string; icsToken: string | null }> {
  const user = await prisma.user.findUnique({ where: { id: actor.id }, select: { timeZone: true, icsToken: true } })
  return { timeZone: user && isValidTimeZone(user.timeZone) ? user.timeZone : 'UTC', icsToken: user?.icsToken ?? null }
}
