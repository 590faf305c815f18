import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  anchorRange,
  signOffDeadlines,
  dueAt,
  dueChangeEvents,
  freezeNoticeMessage,
  freezeStartingDue,
  freezeStartingKey,
  LOOK_BACK_HOURS,
  spanInWords,
  timedChangeMessage,
  timedNoticeKey,
  timedRules,
  TIMED_CHANGE_EVENTS,
  type TimedChange,
  type TimedSettings,
} from './timed'

const settings: TimedSettings = { reminderHours: 24, escalationHours: 4, startGraceMinutes: 15, reviewDueDays: 3, emergencyReviewDays: 2 }
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const at = (iso: string) => new Date(iso)
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms)

function change(over: Partial<TimedChange>): TimedChange {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    type: 'NORMAL',
    status: 'SUBMITTED',
    fingerprint: 'f'.repeat(64),
    windowStart: at('2026-06-10T10:00:00Z'),
    windowEnd: at('2026-06-10T12:00:00Z'),
    finishedAt: null,
    unsignedApproverIds: ['a1'],
    ...over,
  }
}
const events = (c: TimedChange, now: Date) => dueChangeEvents(c, now, settings).map((e) => e.event)

describe('which timed event is due', () => {
  const start = at('2026-06-10T10:00:00Z')

  it('sign-off reminder from SIGNOFF_REMINDER_HOURS before the window, escalation from SIGNOFF_ESCALATION_HOURS, nothing once it starts', () => {
    expect(events(change({}), plus(start, -24 * HOUR - 1))).toEqual([])
    expect(events(change({}), plus(start, -24 * HOUR))).toEqual(['sign-off-reminder'])
    expect(events(change({}), plus(start, -4 * HOUR - 1))).toEqual(['sign-off-reminder'])
    expect(events(change({}), plus(start, -4 * HOUR))).toEqual(['sign-off-reminder', 'sign-off-escalation'])
    expect(events(change({}), plus(start, -1))).toEqual(['sign-off-reminder', 'sign-off-escalation'])
    expect(events(change({}), start)).toEqual([])
  })

  it('no sign-off events once every approver decided, or for a change that is not awaiting sign-off', () => {
    expect(events(change({ unsignedApproverIds: [] }), plus(start, -HOUR))).toEqual([])
    expect(events(change({ status: 'APPROVED' }), plus(start, -HOUR))).toEqual([])
    expect(events(change({ status: 'DRAFT' }), plus(start, -HOUR))).toEqual([])
  })

  it('window starting soon: a scheduled change within 60 minutes of its start', () => {
    const scheduled = change({ status: 'SCHEDULED', unsignedApproverIds: [] })
    expect(events(scheduled, plus(start, -61 * MIN))).toEqual([])
    expect(events(scheduled, plus(start, -60 * MIN))).toEqual(['window-starting'])
    expect(events(scheduled, plus(start, -1))).toEqual(['window-starting'])
    expect(events(scheduled, start)).toEqual([])
  })

  it('start missed: still scheduled START_GRACE_MINUTES after the start, for the look-back only', () => {
    const scheduled = change({ status: 'SCHEDULED' })
    expect(events(scheduled, plus(start, 15 * MIN - 1))).toEqual([])
    expect(events(scheduled, plus(start, 15 * MIN))).toEqual(['start-missed'])
    expect(events(scheduled, plus(start, 15 * MIN + LOOK_BACK_HOURS * HOUR - 1))).toEqual(['start-missed'])
    expect(events(scheduled, plus(start, 15 * MIN + LOOK_BACK_HOURS * HOUR))).toEqual([])
    expect(events(change({ status: 'IN_PROGRESS' }), plus(start, HOUR))).toEqual([])
  })

  it('overrun: in progress at or after the end of the window', () => {
    const end = at('2026-06-10T12:00:00Z')
    const running = change({ status: 'IN_PROGRESS' })
    expect(events(running, plus(end, -1))).toEqual([])
    expect(events(running, end)).toEqual(['overrun'])
    expect(events(change({ status: 'COMPLETED', finishedAt: end }), plus(end, HOUR))).toEqual([])
  })

  it('review due: REVIEW_DUE_DAYS after the outcome, for each outcome, never once CLOSED', () => {
    const finished = at('2026-06-10T11:30:00Z')
    for (const status of ['COMPLETED', 'ROLLED_BACK', 'FAILED'] as const) {
      expect(events(change({ status, finishedAt: finished }), plus(finished, 3 * DAY - 1))).toEqual([])
      expect(events(change({ status, finishedAt: finished }), plus(finished, 3 * DAY))).toEqual(['review-due'])
    }
    expect(events(change({ status: 'CLOSED', finishedAt: finished }), plus(finished, 3 * DAY))).toEqual([])
    expect(events(change({ status: 'COMPLETED', finishedAt: null }), plus(finished, 3 * DAY))).toEqual([])
  })

  it('an emergency change: no ordinary review-due, but one escalation once its review is overdue (EMERGENCY_REVIEW_DAYS after the outcome, or the window end if earlier)', () => {
    const finished = at('2026-06-10T11:30:00Z')
    const done = change({ type: 'EMERGENCY', status: 'COMPLETED', finishedAt: finished })
    expect(events(done, plus(finished, 2 * DAY))).toEqual([])
    expect(events(done, plus(finished, 2 * DAY + 1))).toEqual(['emergency-review-overdue'])
    expect(events(done, plus(finished, 3 * DAY))).toEqual(['emergency-review-overdue'])
    expect(events(done, plus(finished, 2 * DAY + 1 + 72 * HOUR))).toEqual([])
    // Still in progress past its window: the clock runs from the window end, and the key stays the same once it finishes.
    const end = at('2026-06-10T12:00:00Z')
    const running = change({ type: 'EMERGENCY', status: 'IN_PROGRESS' })
    const late = plus(end, 2 * DAY + HOUR)
    const overdue = (c: TimedChange) => dueChangeEvents(c, late, settings).find((e) => e.event === 'emergency-review-overdue')
    const whileRunning = overdue(running)
    expect(whileRunning).toBeDefined()
    expect(overdue({ ...running, status: 'COMPLETED', finishedAt: plus(end, 2 * DAY) })?.key).toBe(whileRunning?.key)
    expect(events({ ...done, status: 'CLOSED' }, plus(finished, 3 * DAY))).toEqual([])
    expect(timedChangeMessage('emergency-review-overdue', { number: 7, title: 'Restart', status: 'COMPLETED' }, finished, plus(finished, 3 * DAY))).toBe(
      'The retrospective review of the emergency change CHG-000007 “Restart” is overdue: the work ended 3 days ago (now completed), and an emergency change cannot be closed without it.',
    )
  })

  it('a malformed window fires nothing', () => {
    expect(events(change({ windowEnd: at('2026-06-10T09:00:00Z') }), plus(start, -HOUR))).toEqual([])
  })

  it('across the UK clock change (Europe/London, 2026-03-29): the reminder comes 24 real hours before, not 24 wall-clock hours', () => {
    // 09:00 BST on Sunday 29 March = 08:00Z; 24 h earlier is 08:00Z on the 28th = 08:00 GMT, which reads 25 wall-clock hours earlier.
    const dst = change({ windowStart: at('2026-03-29T08:00:00Z'), windowEnd: at('2026-03-29T10:00:00Z') })
    expect(events(dst, at('2026-03-28T07:59:59.999Z'))).toEqual([])
    expect(events(dst, at('2026-03-28T08:00:00Z'))).toEqual(['sign-off-reminder'])
    // A window that itself spans the change (00:30 GMT → 03:00 BST = 02:00Z): overrun is judged on the instant.
    const spanning = change({ status: 'IN_PROGRESS', windowStart: at('2026-03-29T00:30:00Z'), windowEnd: at('2026-03-29T02:00:00Z') })
    expect(events(spanning, at('2026-03-29T01:59:59Z'))).toEqual([])
    expect(events(spanning, at('2026-03-29T02:00:00Z'))).toEqual(['overrun'])
  })

  it('across the US fall-back (America/New_York, 2026-11-01): the 60-minute notice for a 01:30 EST start is 60 real minutes before', () => {
    // 01:30 happens twice; the second (EST) is 06:30Z. 60 minutes earlier is 05:30Z, which is also "01:30" (EDT) on the wall.
    const scheduled = change({ status: 'SCHEDULED', windowStart: at('2026-11-01T06:30:00Z'), windowEnd: at('2026-11-01T08:00:00Z') })
    expect(events(scheduled, at('2026-11-01T05:29:59Z'))).toEqual([])
    expect(events(scheduled, at('2026-11-01T05:30:00Z'))).toEqual(['window-starting'])
  })
})

describe('the scan range and the decision agree', () => {
  it('an anchor inside anchorRange(rule, now) is exactly one that is due at now', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...timedRules(settings)),
        fc.integer({ min: 0, max: 4 * 365 * DAY }),
        fc.integer({ min: -30 * DAY, max: 30 * DAY }),
        (rule, nowMs, offset) => {
          const now = new Date(Date.UTC(2025, 0, 1) + nowMs)
          const anchor = new Date(now.getTime() + offset)
          const range = anchorRange(rule, now)
          const inRange = anchor > range.after && anchor <= range.upTo
          expect(inRange).toBe(dueAt(rule, anchor, now))
        },
      ),
    )
  })

  it('every rule is due for a positive span of time', () => {
    for (const rule of timedRules(settings)) expect(rule.untilMs).toBeGreaterThan(rule.fromMs)
    expect(timedRules(settings).map((r) => r.event)).toEqual([...TIMED_CHANGE_EVENTS])
  })
})

describe('the key that makes a notice go out once', () => {
  const arbInput = fc.record({
    event: fc.constantFrom(...TIMED_CHANGE_EVENTS, 'freeze-starting' as const),
    subjectId: fc.uuid(),
    fingerprint: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
    occurrence: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
  })

  it('is stable: the same event, change, fingerprint and window give the same key, however often computed', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        expect(timedNoticeKey(input)).toBe(timedNoticeKey({ ...input, occurrence: new Date(input.occurrence.getTime()) }))
      }),
    )
  })

  it('differs when the event, the change, the fingerprint or the window differs', () => {
    fc.assert(
      fc.property(arbInput, arbInput, (a, b) => {
        const same = a.event === b.event && a.subjectId === b.subjectId && a.fingerprint === b.fingerprint && a.occurrence.getTime() === b.occurrence.getTime()
        expect(timedNoticeKey(a) === timedNoticeKey(b)).toBe(same)
      }),
    )
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 1, max: 10 * DAY }), (a, shift) => {
        expect(timedNoticeKey(a)).not.toBe(timedNoticeKey({ ...a, occurrence: new Date(a.occurrence.getTime() + shift) }))
      }),
    )
  })

  it('for a change, the due event carries the key of its fingerprint and anchor', () => {
    const c = change({})
    const now = at('2026-06-10T08:00:00Z')
    const [reminder] = dueChangeEvents(c, now, settings)
    expect(reminder?.key).toBe(`sign-off-reminder:${c.id}:${c.fingerprint}:2026-06-10T10:00:00.000Z`)
    const revised = dueChangeEvents({ ...c, fingerprint: 'e'.repeat(64) }, now, settings)[0]
    expect(revised?.key).not.toBe(reminder?.key)
    // The same change at a later run: the same key, so it is not sent again.
    expect(dueChangeEvents(c, plus(now, 5 * MIN), settings)[0]?.key).toBe(reminder?.key)
  })
})

describe('freeze starting', () => {
  it('is due in the 24 hours before each occurrence, keyed by the occurrence start', () => {
    const start = at('2026-12-20T00:00:00Z')
    expect(freezeStartingDue(start, plus(start, -DAY - 1))).toBe(false)
    expect(freezeStartingDue(start, plus(start, -DAY))).toBe(true)
    expect(freezeStartingDue(start, start)).toBe(false)
    expect(freezeStartingKey('fz', start)).not.toBe(freezeStartingKey('fz', plus(start, 7 * DAY)))
    expect(freezeStartingKey('fz', start)).toBe(freezeStartingKey('fz', new Date(start.getTime())))
  })
})

describe('the words', () => {
  it('spans', () => {
    expect(spanInWords(MIN)).toBe('1 minute')
    expect(spanInWords(45 * MIN)).toBe('45 minutes')
    expect(spanInWords(5 * HOUR)).toBe('about 5 hours')
    expect(spanInWords(-3 * DAY)).toBe('3 days')
  })

  it('change notices name the change and no clock time (the e-mail adds the window in each zone)', () => {
    const now = at('2026-06-10T09:15:00Z')
    const c = { number: 42, title: 'Rotate certificates', status: 'SCHEDULED' as const }
    expect(timedChangeMessage('window-starting', c, at('2026-06-10T10:00:00Z'), now)).toBe('CHG-000042 “Rotate certificates” starts in 45 minutes.')
    expect(timedChangeMessage('sign-off-escalation', c, at('2026-06-10T12:00:00Z'), now, { unsignedNames: ['Avery', 'Blake'] })).toBe(
      'CHG-000042 “Rotate certificates” starts in about 3 hours and still lacks sign-offs from: Avery, Blake.',
    )
    expect(timedChangeMessage('review-due', { ...c, status: 'ROLLED_BACK' }, at('2026-06-07T09:15:00Z'), now)).toContain('(rolled back) was recorded 3 days ago')
  })

  it('freeze notices carry the window in the reader’s zone, naming both offsets across the UK clock change', () => {
    const freeze = { name: 'Quarter end', severity: 'HARD' as const, rrule: null, occurrence: { start: at('2026-03-28T18:00:00Z'), end: at('2026-03-29T18:00:00Z') } }
    expect(freezeNoticeMessage({ ...freeze, action: 'declared' }, 'Europe/London')).toBe(
      'HARD freeze “Quarter end” declared: 2026-03-28 18:00 (Europe/London, GMT) – 2026-03-29 19:00 (Europe/London, GMT+1). Changes to your services cannot be scheduled in it (emergencies need an exception).',
    )
    expect(freezeNoticeMessage({ ...freeze, action: 'declared' }, 'America/New_York')).toContain('2026-03-28 14:00 – 2026-03-29 14:00 (America/New_York, GMT-4)')
    expect(freezeNoticeMessage({ ...freeze, severity: 'SOFT', rrule: 'FREQ=YEARLY', action: 'changed' }, 'UTC')).toContain('(first occurrence; repeats FREQ=YEARLY). Changes to your services need a freeze exception')
    expect(freezeNoticeMessage({ ...freeze, action: 'changed', coversYourServices: false }, 'UTC')).toContain('no longer covers your services')
    expect(freezeNoticeMessage({ ...freeze, action: 'starting' }, 'UTC', at('2026-03-28T13:00:00Z'))).toMatch(/^HARD freeze “Quarter end” starts in about 5 hours: 2026-03-28 18:00 – /)
  })
})

describe('sign-off deadlines', () => {
  it('are real hours before the window, across the change to summer time (Europe/London, 29 March 2026)', () => {
    // The window opens at 10:00 BST on the Sunday the clocks go forward, 09:00 UTC.
    const windowStart = new Date('2026-03-29T09:00:00Z')
    const { remindAt, dueAt } = signOffDeadlines(windowStart, { reminderHours: 24, escalationHours: 4 })
    // 24 real hours earlier is Saturday 09:00 UTC, which is 09:00 GMT: one hour earlier on the wall clock than the window.
    expect(remindAt.toISOString()).toBe('2026-03-28T09:00:00.000Z')
    expect(dueAt.toISOString()).toBe('2026-03-29T05:00:00.000Z')
    expect(dueAt.getTime()).toBeGreaterThan(remindAt.getTime())
  })
})
