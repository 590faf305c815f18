import 'server-only'
import { CHANGE_STATUSES, type Actor, type ChangeStatus } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { viewerTimeZone } from '@/lib/server/users/viewer-time-zone'
import { formatChangeNumber } from '@/lib/domain/change-request/number'

const DAY = 86_400_000

/** Counts of the actor's own changes per status (statuses with none are left out). */
export async function myChangesByStatus(actor: Actor): Promise<{ status: ChangeStatus; count: number }[]> {
  const groups = await prisma.changeRequest.groupBy({ by: ['status'], where: { requesterId: actor.id }, _count: { _all: true } })
  const counts = new Map(groups.map((g) => [g.status, g._count._all]))
  return CHANGE_STATUSES.filter((s) => counts.has(s)).map((status) => ({ status, count: counts.get(status) ?? 0 }))
}

/** SCHEDULED or IN_PROGRESS changes whose window overlaps the next 7 days, soonest first. */
export async function upcomingChanges(actor: Actor, now = new Date()) {
  assertCan(actor, 'change:read')
  const rows = await prisma.changeRequest.findMany({
    where: {
      status: { in: ['SCHEDULED', 'IN_PROGRESS'] },
      windowStart: { lt: new Date(now.getTime() + 7 * DAY) },
      windowEnd: { gt: now },
    },
    orderBy: { windowStart: 'asc' },
    take: 50,
    select: { id: true, number: true, title: true, status: true, windowStart: true, windowEnd: true, requester: { select: { name: true } } },
  })
  return {
    timeZone: await viewerTimeZone(actor),
    items: rows.map(({ requester, number, ...row }) => ({ ...row, number: formatChangeNumber(number), requesterName: requester.name })),
  }
}
