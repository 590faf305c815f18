import { LIMITS } from '@/lib/domain/shared/limits'
import { z } from 'zod'

// The input schemas of lib/server/scheduling: the single source of its input types.

// A checkbox group posts one value per ticked box; the API posts an array.
const ids = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.uuid()).max(LIMITS.idList))

export const ZScheduleChangeInput = z.object({
  changeId: z.uuid('Unknown change.'),
  /** The other changes the scheduler acknowledged as overlapping on the same services. */
  acknowledgedConflictIds: ids,
  /** The scheduler read the "crowded window" warning and goes ahead (a checkbox posts "on"). */
  acknowledgeCrowding: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()),
  /** The revision the scheduler was looking at; scheduling a different one is refused. */
  revision: z.coerce.number().int().positive().optional(),
})
export type TScheduleChangeInput = z.infer<typeof ZScheduleChangeInput>

export const ZUnscheduleChangeInput = z.object({
  changeId: z.uuid('Unknown change.'),
  reason: z.string().trim().min(10, 'Say why the change is taken off the schedule (at least 10 characters).').max(LIMITS.reason),
})
export type TUnscheduleChangeInput = z.infer<typeof ZUnscheduleChangeInput>
