import 'server-only'
import type { Tx } from '@/lib/server/db'

/**
 * Who follows a change: the users watching it, together with the users
 * watching any service it affects, each once, active users only (a
 * deactivated account hears nothing). Pass the transaction client to read the
 * watchers as the notice that is about to be written sees them.
 *
 * Meant for every notice "the watchers" receive (status updates now; the
 * scheduled and outcome notices of the e-mail work).
 */
export async function watchersOf(db: Tx, changeId: string): Promise<string[]> {
  const users = await db.user.findMany({
    where: {
      active: true,
      OR: [
        { changeWatches: { some: { changeId } } },
        { serviceWatches: { some: { service: { changes: { some: { changeId } } } } } },
      ],
    },
    select: { id: true },
    orderBy: { id: 'asc' },
  })
  return users.map((u) => u.id)
}
