import 'server-only'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { env } from '@/lib/env'
import type { Tx } from '@/lib/server/db'

export type ChangeConflict = { id: string; number: string; serviceNames: string[]; overlap: { start: Date; end: Date } }
export type Crowding = { count: number; exceeded: boolean; threshold: number }

/**
 * Other SCHEDULED / IN_PROGRESS changes sharing a service with this one in an
 * overlapping window (half-open `&&` on the GiST-indexed generated column), and
 * how crowded the window is across ALL services — the "everything at once
 * weekend" warning: exceeded when more than CROWDED_WINDOW_THRESHOLD changes
 * (this one included) would run at the same time.
 */
export async function findChangeConflicts(
  tx: Tx,
  change: { id: string; windowStart: Date; windowEnd: Date; serviceIds: string[] },
): Promise<{ conflicts: ChangeConflict[]; crowding: Crowding }> {
  const threshold = env().CROWDED_WINDOW_THRESHOLD
  if (!(change.windowStart < change.windowEnd)) return { conflicts: [], crowding: { count: 0, exceeded: false, threshold } }
  const range = { start: change.windowStart, end: change.windowEnd }
  const rows = await tx.$queryRaw<{ id: string; number: number; serviceNames: string[]; start: Date; end: Date }[]>`
    SELECT c.id, c.number,
           array_agg(s.name ORDER BY s.name) AS "serviceNames",
           GREATEST(c."windowStart", ${range.start}::timestamptz) AS start,
           LEAST(c."windowEnd", ${range.end}::timestamptz) AS "end"
      FROM "ChangeRequest" c
      JOIN "ChangeService" cs ON cs."changeId" = c.id
      JOIN "Service" s ON s.id = cs."serviceId"
     WHERE c.id <> ${change.id}::uuid
       AND c.status IN ('SCHEDULED', 'IN_PROGRESS')
       AND c."window" && tstzrange(${range.start}::timestamptz, ${range.end}::timestamptz, '[)')
       AND cs."serviceId" = ANY(${change.serviceIds}::uuid[])
     GROUP BY c.id
     ORDER BY c."windowStart", c.number`
  const [crowd] = await tx.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM "ChangeRequest" c
     WHERE c.id <> ${change.id}::uuid
       AND c.status IN ('SCHEDULED', 'IN_PROGRESS')
       AND c."window" && tstzrange(${range.start}::timestamptz, ${range.end}::timestamptz, '[)')`
  // The window under consideration counts too: it is about to join the others.
  const count = Number(crowd?.count ?? 0) + 1
  return {
    conflicts: rows.map((r) => ({ id: r.id, number: formatChangeNumber(r.number), serviceNames: r.serviceNames, overlap: { start: r.start, end: r.end } })),
    crowding: { count, exceeded: count > threshold, threshold },
  }
}
