// The retrospective review of an emergency change (issue 13): when it falls
// due, when it is overdue, and what a review must contain before the change
// may close. The SQL twin of `reviewClockStart` is EMERGENCY_REVIEW_CLOCK_SQL
// in lib/server/lifecycle/emergency-reviews.ts, read on a partial index.
import type { ChangeStatus, ChangeType, Reason } from '../shared/types'
import { MIN_STATEMENT_CHARS } from '../sign-off/validate-sign-off'

const DAY = 86_400_000

/**
 * Statuses in which an emergency change has run (or is running) and is not
 * yet reviewed. CLOSED is the reviewed state; a change that never started has
 * nothing to review.
 */
export const EMERGENCY_REVIEW_STATUSES: readonly ChangeStatus[] = ['IN_PROGRESS', 'COMPLETED', 'ROLLED_BACK', 'FAILED']

/** A retrospective is more than "done": at least as long as a written sign-off statement. */
export const MIN_EMERGENCY_REVIEW_CHARS = MIN_STATEMENT_CHARS

export type EmergencyReviewSubject = {
  type: ChangeType
  status: ChangeStatus
  windowEnd: Date | null
  finishedAt: Date | null
}

/**
 * When the review clock of an emergency change starts: the moment it counts
 * as finished, i.e. the EARLIER of its recorded outcome (finishedAt) and the
 * end of its window. An emergency still IN_PROGRESS after its window has
 * finished as far as the review is concerned, so nobody escapes the review by
 * never recording an outcome; an overrun finished later keeps the clock of its
 * window end, so the deadline never moves once it has started to run.
 * Null for changes that owe no emergency review (not EMERGENCY, never started,
 * already closed).
 */
export function reviewClockStart(change: EmergencyReviewSubject): Date | null {
  if (change.type !== 'EMERGENCY' || !EMERGENCY_REVIEW_STATUSES.includes(change.status)) return null
  const candidates = [change.finishedAt, change.windowEnd].filter((d): d is Date => d !== null)
  if (candidates.length === 0) return null
  return new Date(Math.min(...candidates.map((d) => d.getTime())))
}

/**
 * The review is due `days` × 24 hours after the clock starts. Days are counted
 * on instants, like every timed notice (lib/domain/notifications/timed.ts), so
 * the deadline is the same moment for every reader whatever their zone, and a
 * clock change in between shifts its local time by the hour, not its length.
 */
export function emergencyReviewDueAt(change: EmergencyReviewSubject, days: number): Date | null {
  const start = reviewClockStart(change)
  return start ? reviewDueFrom(start, days) : null
}

/** The due date once the clock start is known (the SQL reads the start; this adds the days). */
export function reviewDueFrom(clockStart: Date, days: number): Date {
  return new Date(clockStart.getTime() + days * DAY)
}

/** Overdue: the due date is past (strictly) and no review is recorded. */
export function isEmergencyReviewOverdue(change: EmergencyReviewSubject & { reviewedAt: Date | null }, days: number, now: Date): boolean {
  if (change.reviewedAt !== null) return false
  const due = emergencyReviewDueAt(change, days)
  return due !== null && due.getTime() < now.getTime()
}

/** For the SQL mirror: a change is overdue at `now` exactly when its clock started before this instant. */
export function overdueClockBefore(days: number, now: Date): Date {
  return new Date(now.getTime() - days * DAY)
}

/**
 * What an emergency change's review must hold before it closes: a written
 * retrospective (why it was an emergency, what follows), not a one-word note.
 * Other changes keep the ordinary rule (notes present).
 */
export function emergencyReviewReasons(type: ChangeType, notes: string | undefined): Reason[] {
  if (type !== 'EMERGENCY') return []
  const text = (notes ?? '').trim()
  if (text.length >= MIN_EMERGENCY_REVIEW_CHARS) return []
  return [
    {
      code: 'emergency-review-required',
      message: `An emergency change closes only with its retrospective review: write at least ${MIN_EMERGENCY_REVIEW_CHARS} characters on why it was an emergency and what follows from it.`,
    },
  ]
}
