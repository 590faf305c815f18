// transition(): the single place that decides whether a lifecycle event may
// happen. It collects EVERY failing reason (status, authorization, content,
// gate, time) so the UI can list them, and returns the audit drafts the use
// case writes in the same transaction as the status change.
import { whyDenied } from '../authz/policy'
import type { AuditDraft } from '../audit/events'
import { auditFor } from './transition-audit'
import { gateReasons } from '../gate/scheduling-gate'
import { STATUS_LABELS, type Actor, type Reason } from '../shared/types'
import { emergencyReviewReasons } from './emergency-review'
import { fingerprintOf } from './fingerprint'
import { MATERIAL_FIELD_LABELS, toMaterialContent, type MaterialField } from './material'
import { validateSubmission } from './submission'
import { basisReasons } from '../template/basis'
import {
  DEFAULT_START_GRACE_MINUTES,
  EVENT_ACTIONS,
  EVENT_LABELS,
  SYSTEM_EVENTS,
  rowFor,
  type ChangeEvent,
  type TransitionContext,
  type TransitionResult,
  type TransitionSubject,
} from './transition-table'

export * from './transition-table'

const MINUTE = 60_000
const hasText = (value: string | undefined): value is string => value !== undefined && value.trim() !== ''

function authorizationReasons(change: TransitionSubject, event: ChangeEvent, actor: Actor | 'system'): Reason[] {
  const action = EVENT_ACTIONS[event]
  if (actor === 'system') {
    return SYSTEM_EVENTS.includes(event)
      ? []
      : [{ code: 'forbidden', message: `"${EVENT_LABELS[event]}" must be done by a person, not automatically.` }]
  }
  if (action === 'system-only') {
    return [{ code: 'system-only', message: `"${EVENT_LABELS[event]}" happens automatically from the sign-offs; nobody can do it by hand.` }]
  }
  const why = whyDenied(actor, action, change)
  return why ? [{ code: 'forbidden', message: why }] : []
}

function submissionReasons(change: TransitionSubject, now: Date, ctx: TransitionContext): Reason[] {
  const reasons: Reason[] = []
  const result = validateSubmission(change, now)
  if (!result.ok) {
    for (const [field, messages] of Object.entries(result.fieldErrors)) {
      for (const message of messages ?? []) reasons.push({ code: `invalid:${field}`, message })
    }
  }
  // A standard template's approval replaces the approvers', while it holds.
  if (ctx.templateBasis) reasons.push(...basisReasons(ctx.templateBasis))
  else if (change.approverIds.length === 0) {
    reasons.push({ code: 'no-approvers', message: 'The change needs at least one approver who is not the requester.' })
  }
  return reasons
}

/** Reasons specific to the event; they do not depend on the current status. */
function preconditionReasons(change: TransitionSubject, event: ChangeEvent, now: Date, ctx: TransitionContext): Reason[] {
  switch (event) {
    case 'submit': {
      const reasons = submissionReasons(change, now, ctx)
      // Resubmitting the exact content that was rejected would only meet the same rejection.
      if (change.fingerprint !== null && fingerprintOf(toMaterialContent(change)) === change.fingerprint) {
        reasons.push({ code: 'unchanged', message: 'Nothing material changed since the last submitted revision; edit the change first.' })
      }
      return reasons
    }
    case 'revise': {
      if (change.status === 'REJECTED') return []
      const reasons = submissionReasons(change, now, ctx)
      if (change.fingerprint !== null && fingerprintOf(toMaterialContent(change)) === change.fingerprint) {
        reasons.push({ code: 'not-material', message: 'No material field changed, so no new revision is needed.' })
      }
      return reasons
    }
    case 'approve':
      if (ctx.templateBasis) return basisReasons(ctx.templateBasis)
      if (!ctx.signOffState) return [{ code: 'sign-offs-unknown', message: 'The sign-off state is needed to approve.' }]
      return ctx.signOffState.allApproved && !ctx.signOffState.anyRejected
        ? []
        : [{ code: 'sign-offs-incomplete', message: 'Not every required approver has approved the current revision.' }]
    case 'reject':
      if (!ctx.signOffState) return [{ code: 'sign-offs-unknown', message: 'The sign-off state is needed to reject.' }]
      return ctx.signOffState.anyRejected
        ? []
        : [{ code: 'no-rejection', message: 'No approver has rejected the current revision.' }]
    case 'cancel':
    case 'unschedule':
      return hasText(ctx.reason) ? [] : [{ code: 'reason-required', message: 'Give a reason.' }]
    case 'schedule':
      if (!ctx.gate) return [{ code: 'gate-missing', message: 'The scheduling gate has not been evaluated.' }]
      return ctx.gate.ok ? [] : gateReasons(ctx.gate)
    case 'start':
      return startReasons(change, now, ctx.startGraceMinutes ?? DEFAULT_START_GRACE_MINUTES)
    case 'complete':
    case 'rollBack':
    case 'fail':
      return hasText(ctx.notes) ? [] : [{ code: 'notes-required', message: 'Describe the outcome in the notes.' }]
    case 'review':
      if (!hasText(ctx.notes)) return [{ code: 'notes-required', message: 'Write the post-implementation review notes.' }]
      return emergencyReviewReasons(change.type, ctx.notes)
  }
}

function startReasons(change: TransitionSubject, now: Date, graceMinutes: number): Reason[] {
  const { windowStart: start, windowEnd: end } = change
  if (!start || !end) return [{ code: 'window-missing', message: 'The change has no window to start in.' }]
  const opens = start.getTime() - graceMinutes * MINUTE
  if (now.getTime() < opens) {
    return [{ code: 'too-early', message: `The change can start from ${new Date(opens).toISOString()} (${graceMinutes} minutes before its window).` }]
  }
  if (now.getTime() >= end.getTime()) {
    return [{ code: 'window-over', message: `The window ended at ${end.toISOString()}; reschedule the change.` }]
  }
  return []
}

export function transition(
  change: TransitionSubject,
  event: ChangeEvent,
  actor: Actor | 'system',
  now: Date,
  context: TransitionContext = {},
): TransitionResult {
  const row = rowFor(change.status, event)
  const reasons: Reason[] = []
  if (!row) {
    reasons.push({
      code: 'invalid-transition',
      message: `"${EVENT_LABELS[event]}" is not possible while the change is ${STATUS_LABELS[change.status].toLowerCase()}.`,
    })
  }
  reasons.push(...authorizationReasons(change, event, actor))
  reasons.push(...preconditionReasons(change, event, now, context))
  if (!row || reasons.length > 0) return { ok: false, reasons }

  const mintsRevision = row.to === 'SUBMITTED'
  const revision = mintsRevision
    ? { number: change.revision + 1, fingerprint: fingerprintOf(toMaterialContent(change)) }
    : undefined
  const audit: AuditDraft[] = [{ ...auditFor(change, event, context, revision), fromStatus: change.status, toStatus: row.to }]
  return revision ? { ok: true, from: change.status, to: row.to, audit, revision } : { ok: true, from: change.status, to: row.to, audit }
}

/** Field label for a reason code like 'invalid:rollbackPlan', for grouping reasons by form field. */
export function fieldOfReason(reason: Reason): { field: string; label: string } | null {
  if (!reason.code.startsWith('invalid:')) return null
  const field = reason.code.slice('invalid:'.length)
  const label = field in MATERIAL_FIELD_LABELS ? MATERIAL_FIELD_LABELS[field as MaterialField] : field === 'title' ? 'Title' : field
  return { field, label }
}
