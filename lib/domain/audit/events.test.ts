import { describe, expect, it } from 'vitest'
import { AUDIT_ACTIONS, ZAuditEvent, describeAuditEvent, describeStatusChange, type TAuditEvent } from './events'

// One valid example per action: also proves the union covers the whole list in the brief.
const EXAMPLES: TAuditEvent[] = [
  { action: 'change.created', details: { title: 'Upgrade DB', type: 'NORMAL' } },
  { action: 'change.updated', details: { fields: ['title'] } },
  { action: 'change.revised', details: { revision: 2, fingerprint: 'f', fields: ['rollbackPlan'] } },
  { action: 'change.submitted', fromStatus: 'DRAFT', toStatus: 'SUBMITTED', details: { revision: 1, fingerprint: 'f' } },
  { action: 'change.approved', details: { revision: 1, fingerprint: 'f' } },
  { action: 'change.rejected', details: { revision: 1, fingerprint: 'f' } },
  { action: 'change.cancelled', details: { reason: 'Vendor fixed it.' } },
  { action: 'change.scheduled', details: { acknowledgedConflicts: ['CHG-000002'] } },
  { action: 'change.unscheduled', details: { reason: 'Freeze declared', freezeId: 'fz' } },
  { action: 'change.started', details: {} },
  { action: 'change.completed', details: { notes: 'Done.' } },
  { action: 'change.rolled-back', details: { notes: 'Errors.' } },
  { action: 'change.failed', details: { notes: 'Broke.' } },
  { action: 'change.reviewed', details: { notes: 'Lessons.' } },
  {
    action: 'deployment.refused',
    details: { status: 'started', ref: 'v1.2.3', reason: 'CHG-000007 does not authorise a deployment now (PENDING).', reasons: ['NOT_SCHEDULED'], changeStatus: 'SUBMITTED' },
  },
  { action: 'signoff.recorded', details: { decision: 'APPROVED', statement: 'Checked the plan.', signature: 'Ann Lee', revisionNumber: 1, fingerprint: 'f' } },
  { action: 'approver.added', details: { userId: 'u', name: 'Ann Lee', source: 'NOMINATED' } },
  { action: 'approver.removed', details: { userId: 'u', name: 'Ann Lee' } },
  {
    action: 'approver.replaced',
    details: { userId: 'd', name: 'Dee Puty', ownerId: 'u', ownerName: 'Ann Lee', serviceNames: ['Payments'], reason: 'Ann is on leave.', revision: 1 },
  },
  { action: 'comment.added', details: { isConcern: true } },
  { action: 'change.update-posted', details: { updateId: 'u', body: 'step 2 of 4 done' } },
  {
    action: 'freeze.created',
    details: { name: 'Black Friday', severity: 'HARD', startsAt: '2026-11-27T00:00:00.000Z', endsAt: '2026-11-30T00:00:00.000Z', timeZone: 'Europe/London', unscheduledChangeIds: ['c'] },
  },
  {
    action: 'freeze.updated',
    details: {
      before: { name: 'Black Friday', severity: 'SOFT' },
      after: { name: 'Black Friday', severity: 'HARD', startsAt: '2026-11-27T00:00:00.000Z', endsAt: '2026-12-01T00:00:00.000Z', timeZone: 'Europe/London' },
      revision: 2,
      exceptionsLapsed: true,
      unscheduledChangeIds: [],
    },
  },
  { action: 'freeze.ended-early', details: { endedAt: '2026-11-28T12:00:00.000Z', previousActiveUntil: '2026-11-30T00:00:00.000Z', rrule: null } },
  { action: 'freeze.archived', details: { name: 'Black Friday', exceptions: 1, unscheduledChanges: 2 } },
  { action: 'freeze.deleted', details: { name: 'Black Friday', exceptions: 0, unscheduledChanges: 0 } },
  { action: 'freeze-exception.granted', details: { freezeId: 'f', freezeName: 'Q end', revision: 2, fingerprint: 'f', justification: 'Security fix.' } },
  { action: 'freeze-exception.justified', details: { freezeId: 'f', freezeName: 'Q end', revision: 2, fingerprint: 'f', justification: 'The queue is down for every customer.' } },
  { action: 'user.created', details: { name: 'Ann Lee', email: 'a@example.com', roles: ['ADMIN'], timeZone: 'Europe/London' } },
  { action: 'user.updated', details: { from: { roles: ['APPROVER'] }, to: { roles: ['APPROVER', 'CHANGE_MANAGER'] } } },
  { action: 'user.deactivated', details: {} },
  { action: 'user.reactivated', details: {} },
  { action: 'user.ics-token-regenerated', details: {} },
  { action: 'user.api-token-created', details: { tokenId: 't', name: 'deploy pipeline', scope: 'GATE', prefix: 'cb_1234', expiresAt: '2027-03-01T00:00:00.000Z' } },
  { action: 'user.api-token-revoked', details: { tokenId: 't', name: 'deploy pipeline' } },
  { action: 'user.sso-linked', details: { subject: 'idp-subject' } },
  { action: 'user.sso-link-refused', details: { subject: 'idp-subject', reason: 'administrator' } },
  { action: 'service.created', details: { name: 'Payments' } },
  { action: 'service.updated', details: { from: { name: 'Payments' }, to: { name: 'Payments API' } } },
  { action: 'conflicts.acknowledged', details: { conflicts: ['CHG-000002'] } },
  { action: 'mail.retried', details: { messageId: 'm', toAddress: 'ann@example.com', subject: 'Sign-off requested', attempts: 6, lastError: 'ECONNREFUSED' } },
  { action: 'webhook.created', details: { webhookId: 'w', url: 'https://hooks.example.com/cab', events: ['freeze.saved'] } },
  { action: 'webhook.deactivated', details: { webhookId: 'w', url: 'https://hooks.example.com/cab' } },
  { action: 'webhook.deleted', details: { webhookId: 'w', url: 'https://hooks.example.com/cab' } },
  {
    action: 'change.pre-approved',
    details: { revision: 1, fingerprint: 'f', templateId: 't', templateName: 'Rotate a TLS certificate', templateVersion: 2, templateVersionId: 'v', approvedBy: ['Ann Lee'], approvedAt: '2026-12-01T10:00:00.000Z' },
  },
  { action: 'template.proposed', details: { templateId: 't', name: 'Rotate a TLS certificate', version: 1 } },
  { action: 'template.signed', details: { templateId: 't', name: 'Rotate a TLS certificate', version: 1, decision: 'APPROVED', statement: 'Checked the plan.', signature: 'Ann Lee' } },
  { action: 'template.approved', details: { templateId: 't', name: 'Rotate a TLS certificate', version: 1 } },
  { action: 'template.rejected', details: { templateId: 't', name: 'Rotate a TLS certificate', version: 2 } },
  { action: 'template.suspended', details: { templateId: 't', name: 'Rotate a TLS certificate', version: 1, reason: 'CHG-000004 failed.', changeId: 'c', unscheduled: [] } },
  { action: 'template.reactivated', details: { templateId: 't', name: 'Rotate a TLS certificate', version: 1, reason: 'Reviewed the failure.' } },
  { action: 'webhook.delivery-retried', details: { webhookId: 'w', deliveryId: 'd', event: 'gate.changed', attempts: 7, lastError: 'HTTP 503' } },
  { action: 'approver-group.created', details: { groupId: 'g', name: 'Security' } },
  { action: 'approver-group.updated', details: { groupId: 'g', name: 'Security', fields: ['description'] } },
  { action: 'approver-group.deleted', details: { groupId: 'g', name: 'Security' } },
  { action: 'approver-group.member-added', details: { groupId: 'g', name: 'Security', userId: 'u', userName: 'Ann Lee' } },
  { action: 'approver-group.member-removed', details: { groupId: 'g', name: 'Security', userId: 'u', userName: 'Ann Lee' } },
  { action: 'policy.created', details: { policyId: 'p', name: 'High risk', governs: 'High-risk changes' } },
  { action: 'policy.revised', details: { policyId: 'p', name: 'High risk', version: 2, rules: 'all owners of the affected services, then 2 of the Security members' } },
  { action: 'policy.deactivated', details: { policyId: 'p', name: 'High risk' } },
  { action: 'policy.activated', details: { policyId: 'p', name: 'High risk' } },
  ...(['delegation.created', 'delegation.revoked'] as const).map((action) => ({
    action,
    details: { delegationId: 'd', delegatorId: 'a', delegatorName: 'Avery Approver', delegateId: 'b', delegateName: 'Blake Approver', startsAt: '2026-12-08T09:00:00.000Z', endsAt: '2026-12-15T17:00:00.000Z' },
  })),
  { action: 'risk.rule-updated', details: { rule: 'MANY_SERVICES', label: 'Many services are affected', enabled: true, threshold: 4, level: 'HIGH' } },
  { action: 'risk.thresholds-updated', details: { mediumScore: 30, highScore: 60 } },
  { action: 'risk.question-saved', details: { questionId: 'q', text: 'Can the change be reversed within the window?', weight: 25, riskyAnswer: false, active: true, position: 1 } },
]

describe('ZAuditEvent', () => {
  it('has an example for every action', () => {
    expect(EXAMPLES.map((e) => e.action).sort()).toEqual([...AUDIT_ACTIONS].sort())
  })
  it.each(EXAMPLES)('$action parses and describes itself', (event) => {
    expect(ZAuditEvent.parse(event)).toEqual(event)
    expect(describeAuditEvent(event)).toMatch(/^[a-z]/)
  })
  it('rejects unknown actions and wrong details', () => {
    expect(ZAuditEvent.safeParse({ action: 'change.exploded', details: {} }).success).toBe(false)
    expect(ZAuditEvent.safeParse({ action: 'change.cancelled', details: {} }).success).toBe(false)
    expect(ZAuditEvent.safeParse({ action: 'change.submitted', toStatus: 'DONE', details: { revision: 1, fingerprint: 'f' } }).success).toBe(false)
    // A refused report names what was reported and where the change stood.
    expect(ZAuditEvent.safeParse({ action: 'deployment.refused', details: { status: 'deployed', reason: 'x', changeStatus: 'SUBMITTED' } }).success).toBe(false)
    expect(ZAuditEvent.safeParse({ action: 'deployment.refused', details: { status: 'started', reason: 'x' } }).success).toBe(false)
  })
  it('describes for people', () => {
    expect(describeAuditEvent({ action: 'change.cancelled', details: { reason: 'Vendor fixed it.' } })).toBe('cancelled the change: Vendor fixed it.')
    expect(describeAuditEvent({ action: 'change.scheduled', details: { acknowledgedConflicts: [] } })).toBe('scheduled the change')
    expect(
      describeAuditEvent({
        action: 'deployment.refused',
        details: { status: 'started', ref: 'v1.2.3', reason: 'CHG-000007 does not authorise a deployment now (DENY).', reasons: ['HARD_FREEZE'], changeStatus: 'SCHEDULED' },
      }),
    ).toBe('reported a deployment (started, ref v1.2.3) that this change did not authorise: CHG-000007 does not authorise a deployment now (DENY).')
    expect(
      describeAuditEvent({ action: 'deployment.refused', details: { status: 'rolled_back', url: 'https://ci.example.org/run/7', reason: 'This is not possible now', changeStatus: 'COMPLETED' } }),
    ).toBe('reported a deployment (rolled back, https://ci.example.org/run/7) that this change did not authorise: This is not possible now')
    expect(describeStatusChange({ fromStatus: 'SUBMITTED', toStatus: 'APPROVED' })).toBe('Awaiting sign-off → Approved')
    expect(describeStatusChange({})).toBe('')
  })
})
