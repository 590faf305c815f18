import 'server-only'
import type { Tx } from '@/lib/server/db'

/**
 * Who follows a change: the users watching it, together with the users
 * watching any service it affects, each once, active users only (a
 * deactivated account hears nothing). Pass the transaction client to read the
 * watchers as the notice about to be written in it sees them.
 *
 * Meant for every notice "the watchers" receive (status updates now; the
 * scheduled and outcome notices of the e-mail work). It starts from the change
 * and walks primary keys only (ChangeWatch (changeId, userId), ChangeService
 * (changeId, serviceId), ServiceWatch (serviceId, userId), User (id)), so its
 * cost follows the number of watchers, not the size of any table
 * (query-plans.test.ts).
 */
export async function watchersOf(db: Tx, changeId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT u.id::text AS id
      FROM (SELECT w."userId" FROM "ChangeWatch" w WHERE w."changeId" = ${changeId}::uuid
            UNION
            SELECT sw."userId" FROM "ChangeService" cs JOIN "ServiceWatch" sw ON sw."serviceId" = cs."serviceId"
             WHERE cs."changeId" = ${changeId}::uuid) AS watching
      JOIN "User" u ON u.id = watching."userId"
     WHERE u.active
     ORDER BY u.id`
  return rows.map((row) => row.id)
}
