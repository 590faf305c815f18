import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CHANGE_STATUSES, CHANGE_TYPES } from '../shared/types'
import { formatInZone } from '../time/zoned'
import {
  EMERGENCY_REVIEW_STATUSES,
  MIN_EMERGENCY_REVIEW_CHARS,
  emergencyReviewDueAt,
  emergencyReviewReasons,
  isEmergencyReviewOverdue,
  overdueClockBefore,
  reviewClockStart,
  type EmergencyReviewSubject,
} from './emergency-review'

const at = (iso: string) => new Date(iso)
const HOUR = 3_600_000
const emergency = (over: Partial<EmergencyReviewSubject> = {}): EmergencyReviewSubject & { reviewedAt: Date | null } => ({
  type: 'EMERGENCY',
  status: 'COMPLETED',
  windowEnd: at('2026-06-10T12:00:00Z'),
  finishedAt: at('2026-06-10T11:00:00Z'),
  reviewedAt: null,
  ...over,
})

describe('the review clock of an emergency change', () => {
  it('starts at the outcome when it was recorded inside the window', () => {
    expect(reviewClockStart(emergency())).toEqual(at('2026-06-10T11:00:00Z'))
  })
  it('starts at the window end for a change still in progress past it, and keeps it when the overrun finishes later', () => {
    expect(reviewClockStart(emergency({ status: 'IN_PROGRESS', finishedAt: null }))).toEqual(at('2026-06-10T12:00:00Z'))
    expect(reviewClockStart(emergency({ status: 'FAILED', finishedAt: at('2026-06-11T09:00:00Z') }))).toEqual(at('2026-06-10T12:00:00Z'))
  })
  it('does not run for other types, nor before the work, nor once closed', () => {
    expect(reviewClockStart(emergency({ type: 'NORMAL' }))).toBeNull()
    expect(reviewClockStart(emergency({ type: 'STANDARD' }))).toBeNull()
    for (const status of CHANGE_STATUSES.filter((s) => !EMERGENCY_REVIEW_STATUSES.includes(s))) {
      expect(reviewClockStart(emergency({ status }))).toBeNull()
    }
  })
})

describe('the due date and overdue', () => {
  it('is due N × 24 hours after the clock starts, overdue strictly after', () => {
    const change = emergency()
    expect(emergencyReviewDueAt(change, 3)).toEqual(at('2026-06-13T11:00:00Z'))
    expect(isEmergencyReviewOverdue(change, 3, at('2026-06-13T11:00:00Z'))).toBe(false)
    expect(isEmergencyReviewOverdue(change, 3, at('2026-06-13T11:00:00.001Z'))).toBe(true)
    expect(isEmergencyReviewOverdue({ ...change, reviewedAt: at('2026-06-12T00:00:00Z') }, 3, at('2026-07-01T00:00:00Z'))).toBe(false)
    expect(isEmergencyReviewOverdue({ ...change, type: 'NORMAL' }, 3, at('2026-07-01T00:00:00Z'))).toBe(false)
  })

  it('counts real hours across a DST change: 3 days after Friday 10:00 in Berlin is Monday 09:00 once the clocks went back', () => {
    // Europe/Berlin leaves summer time on Sunday 2026-10-25 (03:00 CEST → 02:00 CET).
    const finished = at('2026-10-23T08:00:00Z') // Friday 10:00 CEST
    const due = emergencyReviewDueAt(emergency({ finishedAt: finished, windowEnd: at('2026-10-23T09:00:00Z') }), 3)
    expect(due).toEqual(at('2026-10-26T08:00:00Z'))
    expect(due!.getTime() - finished.getTime()).toBe(72 * HOUR)
    expect(formatInZone(due!, 'Europe/Berlin')).toBe('2026-10-26 09:00 (Europe/Berlin, GMT+1)')
    expect(formatInZone(finished, 'Europe/Berlin')).toBe('2026-10-23 10:00 (Europe/Berlin, GMT+2)')
  })

  it('agrees with its SQL mirror: overdue ⇔ clock < overdueClockBefore(days, now)', () => {
    const instant = fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z'), noInvalidDate: true })
    fc.assert(
      fc.property(
        fc.constantFrom(...CHANGE_TYPES),
        fc.constantFrom(...CHANGE_STATUSES),
        fc.option(instant, { nil: null }),
        fc.option(instant, { nil: null }),
        instant,
        fc.integer({ min: 1, max: 30 }),
        (type, status, windowEnd, finishedAt, now, days) => {
          const change = { type, status, windowEnd, finishedAt, reviewedAt: null }
          const clock = reviewClockStart(change)
          const mirror = clock !== null && clock.getTime() < overdueClockBefore(days, now).getTime()
          expect(isEmergencyReviewOverdue(change, days, now)).toBe(mirror)
        },
      ),
    )
  })
})

describe('closing an emergency change needs its retrospective', () => {
  it('asks emergencies for a written review of meaningful length, nothing more of others', () => {
    expect(emergencyReviewReasons('EMERGENCY', 'ok')).toMatchObject([{ code: 'emergency-review-required' }])
    expect(emergencyReviewReasons('EMERGENCY', ` ${'x'.repeat(MIN_EMERGENCY_REVIEW_CHARS - 1)}  `)).toHaveLength(1)
    expect(emergencyReviewReasons('EMERGENCY', 'x'.repeat(MIN_EMERGENCY_REVIEW_CHARS))).toEqual([])
    expect(emergencyReviewReasons('NORMAL', 'ok')).toEqual([])
    expect(emergencyReviewReasons('STANDARD', undefined)).toEqual([])
  })
})
