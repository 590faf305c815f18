// The timed notices: which event is due for a change (or a freeze occurrence)
// at a given instant, the key that makes each one go out once, and its words.
// Every rule is "due from an anchor instant plus an offset, for a while": the
// scan in lib/server/notifications/timed-notices.ts turns the same rule into
// an indexed range on the anchor column, and this module decides each
// candidate. All arithmetic is on instants, so a window across a clock change
// is reminded exactly N real hours before it starts.
import { STATUS_LABELS, type ChangeStatus, type ChangeType, type FreezeSeverity } from '../shared/types'
import { EMERGENCY_REVIEW_STATUSES, reviewClockStart } from '../change-request/emergency-review'
import { formatChangeNumber } from '../change-request/number'
import { formatInterval } from '../time/format-interval'

export const TIMED_CHANGE_EVENTS = ['sign-off-reminder', 'sign-off-escalation', 'window-starting', 'start-missed', 'overrun', 'review-due', 'emergency-review-overdue'] as const
export type TimedChangeEvent = (typeof TIMED_CHANGE_EVENTS)[number]
export type TimedEvent = TimedChangeEvent | 'freeze-starting'

export type TimedSettings = {
  /** SIGNOFF_REMINDER_HOURS: remind unsigned approvers this long before the window. */
  reminderHours: number
  /** SIGNOFF_ESCALATION_HOURS: tell the change managers this long before the window. */
  escalationHours: number
  /** START_GRACE_MINUTES: a scheduled change not started this long after its start is "start missed". */
  startGraceMinutes: number
  /** REVIEW_DUE_DAYS: the post-implementation review is due this long after the outcome. */
  reviewDueDays: number
  /** EMERGENCY_REVIEW_DAYS: an emergency change's retrospective is overdue past this (emergency-review.ts). */
  emergencyReviewDays: number
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** "Window starting soon" goes out this long before the start. */
export const WINDOW_STARTING_MINUTES = 60
/** "Freeze starting" goes out this long before each occurrence. */
export const FREEZE_STARTING_HOURS = 24
/**
 * How long after it fell due an event that looks back (start missed, overrun,
 * review due) is still sent: a job that was down over a weekend catches up,
 * and the scan stays bounded however long the history.
 */
export const LOOK_BACK_HOURS = 72
/** Sent-notice keys older than this can no longer fall due again (the longest lead is 14 days) and are pruned. */
export const KEEP_SENT_KEYS_DAYS = 30

/** A column of the change, or 'reviewClock': the emergency review clock (reviewClockStart), an expression on two columns. */
export type AnchorColumn = 'windowStart' | 'windowEnd' | 'finishedAt' | 'reviewClock'

export type TimedRule = {
  event: TimedChangeEvent
  statuses: readonly ChangeStatus[]
  /** Only changes of these types (all when absent). */
  types?: readonly ChangeType[]
  anchor: AnchorColumn
  /** Due from anchor + fromMs (inclusive) until anchor + untilMs (exclusive). */
  fromMs: number
  untilMs: number
}

export const OUTCOME_STATUSES: readonly ChangeStatus[] = ['COMPLETED', 'ROLLED_BACK', 'FAILED']

/**
 * When a submitted change's sign-offs are due: unsigned approvers of an open
 * stage are reminded at `remindAt`, and at `dueAt` the change managers are told
 * (the sign-off-reminder and sign-off-escalation rules below, read as instants
 * for the sign-off panel).
 */
export function signOffDeadlines(windowStart: Date, settings: Pick<TimedSettings, 'reminderHours' | 'escalationHours'>): { remindAt: Date; dueAt: Date } {
  return { remindAt: new Date(windowStart.getTime() - settings.reminderHours * HOUR), dueAt: new Date(windowStart.getTime() - settings.escalationHours * HOUR) }
}

export function timedRules(settings: TimedSettings): readonly TimedRule[] {
  const lookBack = LOOK_BACK_HOURS * HOUR
  const grace = settings.startGraceMinutes * MINUTE
  const review = settings.reviewDueDays * DAY
  // Overdue is strictly after the due instant (emergency-review.ts), hence the millisecond.
  const emergencyOverdue = settings.emergencyReviewDays * DAY + 1
  return [
    { event: 'sign-off-reminder', statuses: ['SUBMITTED'], anchor: 'windowStart', fromMs: -settings.reminderHours * HOUR, untilMs: 0 },
    { event: 'sign-off-escalation', statuses: ['SUBMITTED'], anchor: 'windowStart', fromMs: -settings.escalationHours * HOUR, untilMs: 0 },
    { event: 'window-starting', statuses: ['SCHEDULED'], anchor: 'windowStart', fromMs: -WINDOW_STARTING_MINUTES * MINUTE, untilMs: 0 },
    { event: 'start-missed', statuses: ['SCHEDULED'], anchor: 'windowStart', fromMs: grace, untilMs: grace + lookBack },
    { event: 'overrun', statuses: ['IN_PROGRESS'], anchor: 'windowEnd', fromMs: 0, untilMs: lookBack },
    // An emergency change's review has its own, mandatory deadline and escalation instead.
    { event: 'review-due', statuses: OUTCOME_STATUSES, types: ['STANDARD', 'NORMAL'], anchor: 'finishedAt', fromMs: review, untilMs: review + lookBack },
    {
      event: 'emergency-review-overdue',
      statuses: EMERGENCY_REVIEW_STATUSES,
      types: ['EMERGENCY'],
      anchor: 'reviewClock',
      fromMs: emergencyOverdue,
      untilMs: emergencyOverdue + lookBack,
    },
  ]
}

/**
 * The anchor values for which the rule is due at `now`: after < anchor ≤ upTo.
 * (now ∈ [anchor + from, anchor + until) ⇔ anchor ∈ (now − until, now − from].)
 */
export function anchorRange(rule: Pick<TimedRule, 'fromMs' | 'untilMs'>, now: Date): { after: Date; upTo: Date } {
  return { after: new Date(now.getTime() - rule.untilMs), upTo: new Date(now.getTime() - rule.fromMs) }
}

export function dueAt(rule: Pick<TimedRule, 'fromMs' | 'untilMs'>, anchor: Date, now: Date): boolean {
  const t = now.getTime() - anchor.getTime()
  return t >= rule.fromMs && t < rule.untilMs
}

/** What the decision needs to know about a change. */
export type TimedChange = {
  id: string
  type: ChangeType
  status: ChangeStatus
  fingerprint: string | null
  windowStart: Date | null
  windowEnd: Date | null
  finishedAt: Date | null
  /** Required approvers with no decision on the current fingerprint (only read for the sign-off events). */
  unsignedApproverIds: readonly string[]
}

export type DueEvent = { event: TimedChangeEvent; key: string; anchor: Date }

/** Every timed event due for this change at `now`, each with the key that makes it go out once. */
export function dueChangeEvents(change: TimedChange, now: Date, settings: TimedSettings): DueEvent[] {
  return timedRules(settings).flatMap((rule) => {
    const event = dueChangeEvent(rule, change, now)
    return event ? [event] : []
  })
}

/** The rule's event for this change at `now`, or null when it is not due. */
export function dueChangeEvent(rule: TimedRule, change: TimedChange, now: Date): DueEvent | null {
  if (!rule.statuses.includes(change.status)) return null
  if (rule.types && !rule.types.includes(change.type)) return null
  const anchor = rule.anchor === 'reviewClock' ? reviewClockStart(change) : change[rule.anchor]
  if (!anchor || !dueAt(rule, anchor, now)) return null
  if ((rule.event === 'sign-off-reminder' || rule.event === 'sign-off-escalation') && change.unsignedApproverIds.length === 0) return null
  // The window must be well-formed for the events about it (a SUBMITTED change always has one).
  if (change.windowStart && change.windowEnd && change.windowEnd <= change.windowStart) return null
  return { event: rule.event, anchor, key: timedNoticeKey({ event: rule.event, subjectId: change.id, fingerprint: change.fingerprint, occurrence: anchor }) }
}

/**
 * One notice per (event, subject, occurrence): the change's fingerprint (its
 * revision's content, which includes the window) and the anchor instant (the
 * window start or end, or the outcome's time). A revised or re-windowed change
 * gets its reminders again; the same one never twice.
 */
export function timedNoticeKey(input: { event: TimedEvent; subjectId: string; fingerprint: string | null; occurrence: Date }): string {
  return [input.event, input.subjectId, input.fingerprint ?? '-', input.occurrence.toISOString()].join(':')
}

/** Freeze occurrences whose start is due a "starting" notice: within the next FREEZE_STARTING_HOURS, not yet begun. */
export function freezeStartingDue(occurrenceStart: Date, now: Date): boolean {
  return dueAt({ fromMs: -FREEZE_STARTING_HOURS * HOUR, untilMs: 0 }, occurrenceStart, now)
}

export function freezeStartingKey(freezeId: string, occurrenceStart: Date): string {
  return timedNoticeKey({ event: 'freeze-starting', subjectId: freezeId, fingerprint: null, occurrence: occurrenceStart })
}

/** '45 minutes', 'about 5 hours', '3 days': a span in words, for one-line notices. */
export function spanInWords(ms: number): string {
  const abs = Math.abs(ms)
  if (abs < 90 * MINUTE) {
    const minutes = Math.max(1, Math.round(abs / MINUTE))
    return `${minutes} minute${minutes === 1 ? '' : 's'}`
  }
  if (abs < 48 * HOUR) return `about ${Math.round(abs / HOUR)} hours`
  return `${Math.round(abs / DAY)} days`
}

export type NoticeChange = { number: number; title: string; status: ChangeStatus }

/**
 * The one-line notice for a due event. It names no clock time: it is shared by
 * every recipient, and the e-mail adds the window in each reader's own zone.
 */
export function timedChangeMessage(event: TimedChangeEvent, change: NoticeChange, anchor: Date, now: Date, extra: { unsignedNames?: readonly string[] } = {}): string {
  const name = `${formatChangeNumber(change.number)} “${change.title}”`
  const until = spanInWords(anchor.getTime() - now.getTime())
  const since = spanInWords(now.getTime() - anchor.getTime())
  switch (event) {
    case 'sign-off-reminder':
      return `Reminder: your sign-off on ${name} is still needed; its window starts in ${until}.`
    case 'sign-off-escalation':
      return `${name} starts in ${until} and still lacks sign-offs from: ${(extra.unsignedNames ?? []).join(', ') || 'its approvers'}.`
    case 'window-starting':
      return `${name} starts in ${until}.`
    case 'start-missed':
      return `${name} was planned to start ${since} ago and has not been started.`
    case 'overrun':
      return `${name} is still in progress ${since} after the end of its window.`
    case 'review-due':
      return `The post-implementation review of ${name} is due: its outcome (${STATUS_LABELS[change.status].toLowerCase()}) was recorded ${since} ago.`
    case 'emergency-review-overdue':
      return `The retrospective review of the emergency change ${name} is overdue: the work ended ${since} ago (now ${STATUS_LABELS[change.status].toLowerCase()}), and an emergency change cannot be closed without it.`
  }
}

export type FreezeNoticeAction = 'declared' | 'changed' | 'starting'

/**
 * A freeze notice in one reader's zone (freeze notices have no change, so the
 * window is in the message itself): what happened, the occurrence, whether it
 * repeats, and what it means for their changes.
 */
export function freezeNoticeMessage(
  input: {
    action: FreezeNoticeAction
    name: string
    severity: FreezeSeverity
    rrule: string | null
    occurrence: { start: Date; end: Date }
    /** False for an owner whose services an edit took out of its scope. */
    coversYourServices?: boolean
  },
  timeZone: string,
  now: Date = new Date(),
): string {
  const window = formatInterval(input.occurrence, timeZone)
  const repeats = input.rrule ? ` (first occurrence; repeats ${input.rrule})` : ''
  const meaning =
    input.severity === 'HARD'
      ? 'Changes to your services cannot be scheduled in it (emergencies need an exception).'
      : 'Changes to your services need a freeze exception to be scheduled in it.'
  const what = `${input.severity} freeze “${input.name}”`
  switch (input.action) {
    case 'declared':
      return `${what} declared: ${window}${repeats}. ${meaning}`
    case 'changed':
      return input.coversYourServices === false
        ? `${what} changed and no longer covers your services; it now covers ${window}${repeats} for other services.`
        : `${what} changed; it now covers ${window}${repeats}. ${meaning}`
    case 'starting':
      return `${what} starts in ${spanInWords(input.occurrence.start.getTime() - now.getTime())}: ${window}. ${meaning}`
  }
}
