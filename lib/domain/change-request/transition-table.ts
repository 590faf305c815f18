// The change lifecycle as data: which event moves which status where and who
// may fire it. state-machine.ts interprets this table.
import { can, type Action, type ChangeResource } from '../authz/policy'
import type { AuditDraft } from '../audit/events'
import type { GateResult } from '../gate/scheduling-gate'
import type { SignOffState } from '../sign-off/summarize'
import type { Actor, ChangeStatus, Reason } from '../shared/types'
import type { MaterialSource } from './material'
import type { TemplateBasis } from '../template/basis'

export const CHANGE_EVENTS = [
  'submit',
  'revise',
  'approve',
  'reject',
  'cancel',
  'schedule',
  'unschedule',
  'start',
  'complete',
  'rollBack',
  'fail',
  'review',
] as const
export type ChangeEvent = (typeof CHANGE_EVENTS)[number]

export type TransitionRow = { event: ChangeEvent; from: readonly ChangeStatus[]; to: ChangeStatus }

/** The transition table. `revise` has two rows: a rejected change reopens as a draft; a live one returns to sign-off. */
export const TRANSITIONS: readonly TransitionRow[] = [
  { event: 'submit', from: ['DRAFT'], to: 'SUBMITTED' },
  { event: 'revise', from: ['REJECTED'], to: 'DRAFT' },
  { event: 'revise', from: ['SUBMITTED', 'APPROVED', 'SCHEDULED'], to: 'SUBMITTED' },
  { event: 'approve', from: ['SUBMITTED'], to: 'APPROVED' },
  { event: 'reject', from: ['SUBMITTED'], to: 'REJECTED' },
  { event: 'cancel', from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED', 'REJECTED'], to: 'CANCELLED' },
  { event: 'schedule', from: ['APPROVED'], to: 'SCHEDULED' },
  { event: 'unschedule', from: ['SCHEDULED'], to: 'APPROVED' },
  { event: 'start', from: ['SCHEDULED'], to: 'IN_PROGRESS' },
  { event: 'complete', from: ['IN_PROGRESS'], to: 'COMPLETED' },
  { event: 'rollBack', from: ['IN_PROGRESS'], to: 'ROLLED_BACK' },
  { event: 'fail', from: ['IN_PROGRESS'], to: 'FAILED' },
  { event: 'review', from: ['COMPLETED', 'ROLLED_BACK', 'FAILED'], to: 'CLOSED' },
]

/** Who fires each event: a policy action for people, or only the system. */
export const EVENT_ACTIONS: Readonly<Record<ChangeEvent, Action | 'system-only'>> = {
  submit: 'change:submit',
  revise: 'change:edit',
  approve: 'system-only',
  reject: 'system-only',
  cancel: 'change:cancel',
  schedule: 'change:schedule',
  unschedule: 'change:unschedule',
  start: 'change:start',
  complete: 'change:record-outcome',
  rollBack: 'change:record-outcome',
  fail: 'change:record-outcome',
  review: 'change:review',
}

/** The system (sign-off tally, freeze declarations) may only fire these. */
export const SYSTEM_EVENTS: readonly ChangeEvent[] = ['approve', 'reject', 'unschedule']

export const EVENT_LABELS: Readonly<Record<ChangeEvent, string>> = {
  submit: 'Submit for sign-off',
  revise: 'Revise',
  approve: 'Approve',
  reject: 'Reject',
  cancel: 'Cancel',
  schedule: 'Schedule',
  unschedule: 'Unschedule',
  start: 'Start',
  complete: 'Mark completed',
  rollBack: 'Mark rolled back',
  fail: 'Mark failed',
  review: 'Record review and close',
}

export const DEFAULT_START_GRACE_MINUTES = 15

export type TransitionSubject = ChangeResource &
  MaterialSource & {
    // Submission and sign-offs count the approvers, so a subject always has them.
    approverIds: readonly string[]
    title: string
    windowStart: Date | null
    windowEnd: Date | null
    revision: number
    fingerprint: string | null
  }

export type TransitionContext = {
  /** Cancel / unschedule reason. */
  reason?: string
  /** Outcome notes (complete, rollBack, fail) or review notes. */
  notes?: string
  /** Result of evaluateSchedulingGate, required to schedule. */
  gate?: GateResult
  /** Result of summarizeSignOffs for the current fingerprint, required to approve/reject. */
  signOffState?: SignOffState
  startGraceMinutes?: number
  /** Revise: names of the material fields that changed (for the audit trail). */
  changedFields?: readonly string[]
  /** Schedule: numbers of the conflicting changes that were acknowledged. */
  acknowledgedConflicts?: readonly string[]
  /** Unschedule by a freeze declaration: which freeze. */
  freezeId?: string
  /**
   * A change filed from a standard template: the template's approval stands in
   * for sign-offs, so submit needs no approvers and approve needs no sign-offs
   * while the basis holds (lib/domain/template/basis.ts).
   */
  templateBasis?: TemplateBasis
  /** Start and outcomes reported by a pipeline (POST /api/v1/changes/:id/deployments): what it deployed and where its run is. */
  deployment?: DeploymentRef
}

export type DeploymentRef = { ref?: string | undefined; url?: string | undefined }

export type TransitionResult =
  | {
      ok: true
      from: ChangeStatus
      to: ChangeStatus
      audit: AuditDraft[]
      /** Set when the event mints a new revision (submit, and revise back to SUBMITTED). */
      revision?: { number: number; fingerprint: string }
    }
  | { ok: false; reasons: Reason[] }

export function rowFor(status: ChangeStatus, event: ChangeEvent): TransitionRow | undefined {
  return TRANSITIONS.find((row) => row.event === event && row.from.includes(status))
}

/** Events the table allows from this status (ignoring who and preconditions): for UI menus. */
export function allowedEvents(status: ChangeStatus): ChangeEvent[] {
  return CHANGE_EVENTS.filter((event) => rowFor(status, event) !== undefined)
}

/** Events this actor may attempt on this change now (table + policy), for showing buttons. */
export function availableEvents(change: ChangeResource, actor: Actor): ChangeEvent[] {
  return allowedEvents(change.status).filter((event) => {
    const action = EVENT_ACTIONS[event]
    return action !== 'system-only' && can(actor, action, change)
  })
}
