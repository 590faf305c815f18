// The audit trail's vocabulary: one zod schema per event type, discriminated
// on `action`, so details written to AuditEvent.details (JSON) are checked
// before they reach the append-only table and can be parsed back for display.
import { z } from 'zod'
import { DEPLOYMENT_STATUSES } from '../change-request/deployment-report'
import { CHANGE_STATUSES, CHANGE_TYPES, SIGN_OFF_DECISIONS, ROLES, APPROVER_SOURCES, FREEZE_SEVERITIES } from '../shared/types'

const ZStatus = z.enum(CHANGE_STATUSES)
const fields = z.array(z.string())

function event<A extends string, S extends z.ZodRawShape>(action: A, details: S) {
  return z.object({
    action: z.literal(action),
    fromStatus: ZStatus.optional(),
    toStatus: ZStatus.optional(),
    details: z.object(details),
  })
}

const revisionRef = { revision: z.number().int().nonnegative(), fingerprint: z.string() }
/** What a pipeline reported with a start or an outcome (POST /api/v1/changes/:id/deployments). */
const deployment = { deployment: z.object({ ref: z.string().optional(), url: z.string().optional() }).optional() }
const notes = { notes: z.string(), ...deployment }
// Events about freezes, users and services name their subject in AuditEvent.entityId; the details are what changed.
/** A freeze as saved (save-freeze.ts freezeSnapshot): the fields people read back; the rest is kept as written. */
const freezeSnapshot = z.object({ name: z.string(), severity: z.enum(FREEZE_SEVERITIES), startsAt: z.string(), endsAt: z.string(), timeZone: z.string() })
/** A record's fields before and after an edit. */
const edit = z.record(z.string(), z.json())
const serviceSnapshot = z.object({ name: z.string() })
const templateRef = { templateId: z.string(), name: z.string(), version: z.number().int().positive() }
const groupRef = { groupId: z.string(), name: z.string() }
const policyRef = { policyId: z.string(), name: z.string() }
const delegationRef = {
  delegationId: z.string(),
  delegatorId: z.string(),
  delegatorName: z.string(),
  delegateId: z.string(),
  delegateName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
}
/** A freeze exception, granted or (an emergency's own) justified, for one revision of the change. */
const exceptionRef = { freezeId: z.string(), freezeName: z.string(), ...revisionRef, justification: z.string() }
const approverRef = { userId: z.string(), name: z.string(), source: z.enum(APPROVER_SOURCES).optional() }

export const ZAuditEvent = z.discriminatedUnion('action', [
  event('change.created', { title: z.string(), type: z.enum(CHANGE_TYPES) }),
  event('change.updated', { fields }),
  event('change.revised', { ...revisionRef, fields }),
  event('change.submitted', revisionRef),
  event('change.approved', revisionRef),
  event('change.rejected', revisionRef),
  event('change.cancelled', { reason: z.string() }),
  event('change.scheduled', {
    acknowledgedConflicts: z.array(z.string()),
    windowStart: z.string().optional(),
    windowEnd: z.string().optional(),
  }),
  event('change.unscheduled', { reason: z.string(), freezeId: z.string().optional() }),
  event('change.started', deployment),
  event('change.completed', notes),
  event('change.rolled-back', notes),
  event('change.failed', notes),
  event('change.reviewed', { notes: z.string() }),
  // A pipeline reported a deployment its change did not authorise (the gate did not ALLOW a start, or the
  // change's status did not permit the move): the 409 it got, kept on the change (issue 14's metrics count it).
  event('deployment.refused', {
    status: z.enum(DEPLOYMENT_STATUSES),
    ref: z.string().optional(),
    url: z.string().optional(),
    /** The refusal's message, as the pipeline got it. */
    reason: z.string(),
    /** The gate's or the state machine's reason codes (NO_AUTHORISING_CHANGE, HARD_FREEZE, …). */
    reasons: z.array(z.string()).optional(),
    /** Where the change stood when the report came. */
    changeStatus: ZStatus,
  }),
  event('signoff.recorded', {
    decision: z.enum(SIGN_OFF_DECISIONS),
    statement: z.string(),
    signature: z.string(),
    revisionNumber: z.number().int().nonnegative(),
    fingerprint: z.string(),
    /** A delegate signed in this approver's seat (the event's actor is the delegate). */
    onBehalfOf: z.object({ userId: z.string(), name: z.string() }).optional(),
    /** "Blake Approver on behalf of Avery Approver", as recorded. */
    signedBy: z.string().optional(),
  }),
  event('approver.added', approverRef),
  event('approver.removed', approverRef),
  // userId/name: who signs in the owner's place from now on.
  event('approver.replaced', {
    ...approverRef,
    ownerId: z.string(),
    ownerName: z.string(),
    serviceNames: z.array(z.string()),
    reason: z.string(),
    revision: z.number().int().nonnegative(),
  }),
  event('comment.added', { commentId: z.string().optional(), isConcern: z.boolean() }),
  event('change.update-posted', { updateId: z.string(), body: z.string() }),
  event('freeze.created', { ...freezeSnapshot.shape, unscheduledChangeIds: z.array(z.string()) }),
  event('freeze.updated', { before: edit, after: freezeSnapshot, revision: z.number().int().positive(), exceptionsLapsed: z.boolean(), unscheduledChangeIds: z.array(z.string()) }),
  // A freeze stopped now (a recurring one: no further occurrences).
  event('freeze.ended-early', { name: z.string().optional(), endedAt: z.string(), previousActiveUntil: z.string().nullable(), rrule: z.string().nullable() }),
  // Retired: deleted when nothing refers to it, else archived (kept as evidence).
  event('freeze.archived', { name: z.string(), exceptions: z.number().int().nonnegative(), unscheduledChanges: z.number().int().nonnegative() }),
  event('freeze.deleted', { name: z.string(), exceptions: z.number().int().nonnegative(), unscheduledChanges: z.number().int().nonnegative() }),
  event('freeze-exception.granted', exceptionRef),
  // An emergency change's own written justification for running in a SOFT freeze (issue 13).
  event('freeze-exception.justified', exceptionRef),
  // A person (with their e-mail address) or a service account (kind SERVICE, for API tokens).
  event('user.created', { name: z.string(), email: z.string().optional(), roles: z.array(z.enum(ROLES)), timeZone: z.string().optional(), kind: z.literal('SERVICE').optional() }),
  event('user.updated', { from: edit, to: edit, fields: fields.optional() }),
  event('user.deactivated', {}),
  event('user.reactivated', {}),
  event('user.ics-token-regenerated', {}),
  // Never the token itself: its id, name, scope, visible prefix and expiry.
  event('user.api-token-created', { tokenId: z.string(), name: z.string(), scope: z.string(), prefix: z.string(), expiresAt: z.string() }),
  event('user.api-token-revoked', { tokenId: z.string(), name: z.string() }),
  event('user.sso-linked', { subject: z.string() }),
  event('user.sso-link-refused', { subject: z.string(), reason: z.literal('administrator') }),
  event('service.created', serviceSnapshot.shape),
  event('service.updated', { from: serviceSnapshot, to: serviceSnapshot }),
  event('conflicts.acknowledged', { conflicts: z.array(z.string()) }),
  // An administrator sent a FAILED outbox message back to the queue; the last error is kept as history.
  event('mail.retried', {
    messageId: z.string(),
    toAddress: z.string(),
    subject: z.string(),
    attempts: z.number().int().nonnegative(),
    lastError: z.string().nullable(),
  }),
  // Outgoing webhooks (issue 12): never the secret, only where they post and what.
  event('webhook.created', { webhookId: z.string(), url: z.string(), events: z.array(z.string()) }),
  event('webhook.deactivated', { webhookId: z.string(), url: z.string() }),
  event('webhook.deleted', { webhookId: z.string(), url: z.string() }),
  // Standard change templates (issue 13): a change approved on a template's basis, and the template's own life.
  event('change.pre-approved', {
    ...revisionRef,
    templateId: z.string(),
    templateName: z.string(),
    templateVersion: z.number().int().positive(),
    templateVersionId: z.string(),
    approvedBy: z.array(z.string()),
    approvedAt: z.string().nullable(),
  }),
  event('template.proposed', { ...templateRef, fields: fields.optional() }),
  event('template.signed', { ...templateRef, decision: z.enum(SIGN_OFF_DECISIONS), statement: z.string(), signature: z.string() }),
  event('template.approved', templateRef),
  event('template.rejected', templateRef),
  event('template.suspended', { ...templateRef, reason: z.string(), changeId: z.string(), unscheduled: z.array(z.string()) }),
  event('template.reactivated', { ...templateRef, reason: z.string() }),
  event('webhook.delivery-retried', { webhookId: z.string(), deliveryId: z.string(), event: z.string(), attempts: z.number().int().nonnegative(), lastError: z.string().nullable() }),
  // Approval policies (issue 13): groups, policy versions (rules kept in words as well as by version) and delegations.
  event('approver-group.created', groupRef),
  event('approver-group.updated', { ...groupRef, fields }),
  event('approver-group.deleted', groupRef),
  event('approver-group.member-added', { ...groupRef, userId: z.string(), userName: z.string() }),
  event('approver-group.member-removed', { ...groupRef, userId: z.string(), userName: z.string() }),
  event('policy.created', { ...policyRef, governs: z.string() }),
  event('policy.revised', { ...policyRef, version: z.number().int().positive(), rules: z.string() }),
  event('policy.deactivated', policyRef),
  event('policy.activated', policyRef),
  event('delegation.created', delegationRef),
  event('delegation.revoked', delegationRef),
  // Explainable risk (issue 13): an administrator tuned the rules or the questionnaire.
  event('risk.rule-updated', { rule: z.string(), label: z.string(), enabled: z.boolean(), threshold: z.number().nullable(), level: z.string() }),
  event('risk.thresholds-updated', { mediumScore: z.number(), highScore: z.number() }),
  event('risk.question-saved', { questionId: z.string(), text: z.string(), weight: z.number(), riskyAnswer: z.boolean(), active: z.boolean(), position: z.number() }),
])
export type TAuditEvent = z.infer<typeof ZAuditEvent>
export type AuditAction = TAuditEvent['action']
export const AUDIT_ACTIONS = ZAuditEvent.options.map((o) => o.shape.action.value) as readonly AuditAction[]

/** What a use case writes (the actor, change and timestamp are added by the server). */
export type AuditDraft = TAuditEvent
export type AuditDraftOf<A extends AuditAction> = Extract<TAuditEvent, { action: A }>

// Re-exported so callers can import everything audit-related from events.ts.
export { describeAuditEvent, describeStatusChange } from './describe'
