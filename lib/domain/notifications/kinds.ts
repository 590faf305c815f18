// Every event Changeboard tells people about, who hears it, and whether they
// may turn the e-mail off. Mandatory kinds are the ones where silence breaks
// the process: someone must sign, or a scheduled change stopped being safe.

export const NOTICE_KINDS = [
  'sign-off-requested',
  'sign-off-reminder',
  'sign-offs-voided',
  'decision',
  'scheduled',
  'unscheduled',
  'cancelled',
  'started',
  'outcome',
  'status-update',
  'comment',
  'emergency-created',
  'freeze',
  // Timed notices (lib/domain/notifications/timed.ts), sent by the notices-timed job.
  'sign-off-escalation',
  'window-starting',
  'start-missed',
  'overrun',
  'review-due',
  // Standard change templates (issue 13).
  'template-sign-off-requested',
  'template-suspended',
  'emergency-review-overdue',
  // Delegation (issue 13): whoever signs in someone's place must know whose seat they hold, and since when.
  'delegation',
] as const

export type NoticeKind = (typeof NOTICE_KINDS)[number]

export type NoticeKindInfo = {
  label: string
  /** Who receives it, as the preferences page and README say it. */
  audience: string
  /** E-mail cannot be turned off. */
  mandatory: boolean
  /** The e-mail carries an iCalendar invitation (REQUEST, or CANCEL when the window is withdrawn). */
  calendar: 'request' | 'cancel' | null
}

export const NOTICE_KIND_INFO: Readonly<Record<NoticeKind, NoticeKindInfo>> = {
  'sign-off-requested': { label: 'Sign-off requested', audience: 'each required approver', mandatory: true, calendar: null },
  'sign-off-reminder': {
    label: 'Sign-off reminder',
    audience: 'the approvers who have not decided yet, as the window nears',
    mandatory: false,
    calendar: null,
  },
  'sign-offs-voided': { label: 'Sign-offs voided by an edit', audience: 'the approvers who must sign again', mandatory: true, calendar: null },
  decision: { label: 'Approved or rejected', audience: 'the requester', mandatory: false, calendar: null },
  scheduled: {
    label: 'Scheduled',
    audience: 'the requester, approvers, owners of the affected services and watchers',
    mandatory: false,
    calendar: 'request',
  },
  unscheduled: { label: 'Unscheduled (freeze or edit)', audience: 'the requester, approvers and watchers', mandatory: true, calendar: 'cancel' },
  cancelled: { label: 'Cancelled', audience: 'the requester, approvers and watchers', mandatory: false, calendar: null },
  started: { label: 'Work started', audience: 'the requester and watchers', mandatory: false, calendar: null },
  outcome: {
    label: 'Outcome (completed, failed, rolled back)',
    audience: 'the requester, approvers, owners of the affected services and watchers',
    mandatory: false,
    calendar: null,
  },
  'status-update': { label: 'Status update during the work', audience: 'the requester and watchers', mandatory: false, calendar: null },
  comment: { label: 'Comment', audience: 'the requester and approvers', mandatory: false, calendar: null },
  'emergency-created': {
    label: 'Emergency change submitted',
    audience: 'the change managers, the owners of the affected services and their watchers',
    mandatory: true,
    calendar: null,
  },
  freeze: { label: 'Freeze declared, changed or starting', audience: 'owners of the services in scope (all owners for a freeze on all services)', mandatory: false, calendar: null },
  // Timed notices: sent by the notices-timed job, once per change and window.
  'sign-off-escalation': {
    label: 'Sign-offs still missing near the window',
    audience: 'the change managers, when required sign-offs are still missing shortly before the window',
    mandatory: false,
    calendar: null,
  },
  'window-starting': { label: 'Window starting soon', audience: 'the requester, approvers and watchers', mandatory: false, calendar: null },
  'start-missed': { label: 'Planned start passed without a start', audience: 'the requester and the change managers', mandatory: false, calendar: null },
  overrun: { label: 'Still in progress past the window (overrun)', audience: 'the requester, the change managers and watchers', mandatory: false, calendar: null },
  'review-due': { label: 'Post-implementation review due', audience: 'the change managers and the requester', mandatory: false, calendar: null },
  'template-sign-off-requested': {
    label: 'Standard template awaiting your sign-off',
    audience: 'the approvers of a proposed standard template version',
    mandatory: true,
    calendar: null,
  },
  'template-suspended': {
    label: 'Standard template suspended after a failure',
    audience: 'the change managers, who review the template before it is used again',
    mandatory: true,
    calendar: null,
  },
  // Mandatory: the review of an emergency is the board's only look at a change it let through on one signature.
  'emergency-review-overdue': {
    label: 'Emergency review overdue',
    audience: 'the change managers and the requester, once, when an emergency change is not reviewed within EMERGENCY_REVIEW_DAYS',
    mandatory: true,
    calendar: null,
  },
  // Mandatory: a delegate who does not know they were named leaves the seat empty while its owner is away.
  delegation: {
    label: 'Named to sign in someone’s place, or no longer',
    audience: 'the delegate, when someone names them for a period, and both people when the delegation is revoked',
    mandatory: true,
    calendar: null,
  },
}

export function isNoticeKind(value: string): value is NoticeKind {
  return (NOTICE_KINDS as readonly string[]).includes(value)
}

/** Whether this person gets this kind by e-mail: mandatory kinds always, the others unless turned off. */
export function wantsEmail(kind: NoticeKind, turnedOff: boolean): boolean {
  return NOTICE_KIND_INFO[kind].mandatory || !turnedOff
}
