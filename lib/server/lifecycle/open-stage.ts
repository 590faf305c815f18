import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'

/**
 * SQL: the seat `seat` is eligible in an open stage of change `c` — a rule of
 * its snapshot names it, and every rule of the earlier stages holds, counted
 * as the backstop counts (changeboard_seat_decision). The inbox and the
 * sign-off reminders ask only these people, so a later stage is never asked
 * early. `c` must be the change row's alias in the surrounding query.
 */
export function seatInOpenStage(seat: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (
        SELECT 1 FROM "ChangeApprovalRule" r
         WHERE r."changeId" = c.id AND ${seat} = ANY(r."eligibleIds")
           AND NOT EXISTS (
                SELECT 1 FROM "ChangeApprovalRule" earlier
                 WHERE earlier."changeId" = c.id
                   -- CASE, so the seats are counted only for earlier stages (the planner may test quals in any order).
                   AND CASE WHEN earlier.stage < r.stage
                            THEN (SELECT count(DISTINCT e) FROM unnest(earlier."eligibleIds") AS e
                                   WHERE changeboard_seat_decision(c.id, e, c.fingerprint, c."requesterId") = 'APPROVED') < earlier.required
                            ELSE false END))`
}
