import 'server-only'
import { CHANGE_STATUSES, type Actor, type ChangeStatus } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { viewerTimeZone } from '@/lib/server/viewer'
import { formatChangeNumber } from '@/lib/domain/change-request/number'

const DAY = 86_400_000

/** Counts of the actor's own changes per status (statuses with none are left out). */
export async function myChangesByStatus(actor: Actor): Promise<{ status: ChangeStatus; count: number }[]> {
  const groups = await prisma.changeRequest.groupBy({ by: ['status'], where: { requesterId: actor.id }, _count: { _all: true } })
  const counts = new Map(groups.map((g) => [g.status, g._count._all]))
  return CHANGE_STATUSES.filter((s) => counts.has(s)).map((status) => ({ status, count: counts.get(status) ?? 0 }))
}

/** Changes in one status, counted up to `cap` (the dashboard shows "100+"); one range of the (status, number) index. */
export async function countChangesInStatus(actor: Actor, status: ChangeStatus, cap: number): Promise<{ count: number; capped: boolean }> {
  assertCan(actor, 'change:read')
  const [row] = await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM "ChangeRequest" c WHERE c.status = ${status}::"ChangeStatus" LIMIT ${cap + 1}) t`
  const n = row?.n ?? 0
  return { count: Math.min(n, cap), capped: n > cap }
}

export const UPCOMING_SHOWN = 10

type UpcomingRow = { id: string; number: number; title: string; status: ChangeStatus; windowStart: Date; windowEnd: Date; requesterName: string }

/**
 * SCHEDULED or IN_PROGRESS changes whose window overlaps the next 7 days,
 * soonest first. Read in the order of the in-flight window index
 * (list-changes.ts), so it stops after UPCOMING_SHOWN rows however much history
 * there is. A large board runs ~50 changes a day: the dashboard names the next
 * few, and the calendar (linked beside them) shows the week.
 */
export async function upcomingChanges(actor: Actor, now = new Date()) {
  assertCan(actor, 'change:read')
  const rows = await prisma.$queryRaw<UpcomingRow[]>`
    SELECT c.id, c.number, c.title, c.status::text AS status, c."windowStart", c."windowEnd", u.name AS "requesterName"
      FROM "ChangeRequest" c JOIN "User" u ON u.id = c."requesterId"
     WHERE c.status IN ('SUBMITTED', 'APPROVED', 'SCHEDULED', 'IN_PROGRESS') AND c."windowStart" IS NOT NULL
       AND c.status IN ('SCHEDULED', 'IN_PROGRESS')
       AND c."windowStart" < ${new Date(now.getTime() + 7 * DAY)}::timestamptz AND c."windowEnd" > ${now}::timestamptz
     ORDER BY c."windowStart", c.number
     LIMIT ${UPCOMING_SHOWN}`
  return {
    timeZone: viewerTimeZone(actor),
    items: rows.map(({ number, ...row }) => ({ ...row, number: formatChangeNumber(number) })),
  }
}
