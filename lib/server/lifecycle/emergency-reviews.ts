import 'server-only'
import { overdueClockBefore, reviewDueFrom } from '@/lib/domain/change-request/emergency-review'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import type { ChangeStatus } from '@/lib/domain/shared/types'
import { Prisma } from '@/lib/generated/prisma/client'
import { env } from '@/lib/env'
import type { Tx } from '@/lib/server/db'

// The one SQL definition of "an emergency change overdue for its review"
// (lib/domain/change-request/emergency-review.ts is the pure twin, property-
// tested against the same rule). The metrics, the change managers' dashboard
// and the escalation notice all read it. Both expressions below match the
// partial index "ChangeRequest_emergency_review_clock_idx" word for word, so
// every reading walks only the emergency changes still owing a review.

/** When the review clock started: the earlier of the outcome and the window end (LEAST ignores a NULL outcome). */
export const EMERGENCY_REVIEW_CLOCK = Prisma.sql`LEAST(c."finishedAt", c."windowEnd")`
/** Emergency changes that ran (or run) and are not reviewed yet. */
export const OWES_EMERGENCY_REVIEW = Prisma.sql`c.type = 'EMERGENCY' AND c."reviewedAt" IS NULL AND c.status IN ('IN_PROGRESS', 'COMPLETED', 'ROLLED_BACK', 'FAILED')`

export function emergencyReviewDays(): number {
  return env().EMERGENCY_REVIEW_DAYS
}

export type OverdueEmergencyReview = { id: string; number: string; title: string; status: ChangeStatus; finishedAt: string | null; dueAt: string }
/** `count` stops at `countCap` when one was asked for; `capped` says there are more. */
export type OverdueEmergencyReviews = { count: number; capped: boolean; reviewDueDays: number; changes: OverdueEmergencyReview[] }

/**
 * The emergency changes overdue for review at `now`, longest overdue first:
 * how many, and the first `limit`. `filter` narrows them (the metrics'
 * service, type and risk filters) and must only read `c`.
 */
export async function overdueEmergencyReviews(
  db: Tx,
  options: { now: Date; limit: number; filter?: Prisma.Sql; days?: number; countCap?: number },
): Promise<OverdueEmergencyReviews> {
  const days = options.days ?? emergencyReviewDays()
  const cap = options.countCap ?? null
  const where = Prisma.sql`${OWES_EMERGENCY_REVIEW} AND ${EMERGENCY_REVIEW_CLOCK} < ${overdueClockBefore(days, options.now)}::timestamptz AND ${options.filter ?? Prisma.sql`TRUE`}`
  const [[count], rows] = await Promise.all([
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT 1 FROM "ChangeRequest" c WHERE ${where} ${cap === null ? Prisma.empty : Prisma.sql`LIMIT ${cap + 1}`}) t`,
    db.$queryRaw<{ id: string; number: number; title: string; status: ChangeStatus; finishedAt: Date | null; clock: Date }[]>`
      SELECT c.id, c.number, c.title, c.status::text AS status, c."finishedAt", ${EMERGENCY_REVIEW_CLOCK} AS clock
        FROM "ChangeRequest" c WHERE ${where}
       ORDER BY ${EMERGENCY_REVIEW_CLOCK}, c.id
       LIMIT ${options.limit}`,
  ])
  const n = count?.n ?? 0
  return {
    count: cap === null ? n : Math.min(n, cap),
    capped: cap !== null && n > cap,
    reviewDueDays: days,
    changes: rows.map((r) => ({
      id: r.id,
      number: formatChangeNumber(r.number),
      title: r.title,
      status: r.status,
      finishedAt: r.finishedAt?.toISOString() ?? null,
      dueAt: reviewDueFrom(r.clock, days).toISOString(),
    })),
  }
}
