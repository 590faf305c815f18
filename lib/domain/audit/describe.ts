// One sentence per audit event for the audit trail UI. The actor's name is
// prepended by the caller ("Ada Lovelace submitted revision 2").
import { STATUS_LABELS } from '../shared/types'
import type { TAuditEvent } from './events'

const list = (items: readonly string[]) => (items.length === 0 ? 'no fields' : items.join(', '))

/** ' (reported by a pipeline: ref v1.2.3, https://ci.example/run/7)' for a reported deployment, '' otherwise. */
function deployed(deployment: { ref?: string; url?: string } | undefined): string {
  if (!deployment) return ''
  const parts = [deployment.ref ? `ref ${deployment.ref}` : null, deployment.url ?? null].filter((p): p is string => p !== null)
  return parts.length > 0 ? ` (reported by a pipeline: ${parts.join(', ')})` : ' (reported by a pipeline)'
}

export function describeAuditEvent(event: TAuditEvent): string {
  switch (event.action) {
    case 'change.created':
      return `created the change "${event.details.title}"`
    case 'change.updated':
      return `edited ${list(event.details.fields)}`
    case 'change.revised':
      return `created revision ${event.details.revision} by changing ${list(event.details.fields)}; earlier sign-offs are now stale`
    case 'change.submitted':
      return `submitted revision ${event.details.revision} for sign-off`
    case 'change.approved':
      return `approved revision ${event.details.revision}: every required approver signed off`
    case 'change.rejected':
      return `rejected revision ${event.details.revision}`
    case 'change.cancelled':
      return `cancelled the change: ${event.details.reason}`
    case 'change.scheduled':
      return event.details.acknowledgedConflicts.length > 0
        ? `scheduled the change, acknowledging conflicts with ${event.details.acknowledgedConflicts.join(', ')}`
        : 'scheduled the change'
    case 'change.unscheduled':
      return `took the change off the schedule: ${event.details.reason}`
    case 'change.started':
      return `started implementing the change${deployed(event.details.deployment)}`
    case 'change.completed':
      return `completed the change${deployed(event.details.deployment)}: ${event.details.notes}`
    case 'change.rolled-back':
      return `rolled the change back${deployed(event.details.deployment)}: ${event.details.notes}`
    case 'change.failed':
      return `recorded that the change failed${deployed(event.details.deployment)}: ${event.details.notes}`
    case 'change.reviewed':
      return `closed the change after review: ${event.details.notes}`
    case 'deployment.refused': {
      const what = [event.details.status.replace('_', ' '), event.details.ref ? `ref ${event.details.ref}` : null, event.details.url ?? null].filter((p): p is string => p !== null)
      return `reported a deployment (${what.join(', ')}) that this change did not authorise: ${event.details.reason}`
    }
    case 'signoff.recorded':
      return `${event.details.decision === 'APPROVED' ? 'approved' : 'rejected'} revision ${event.details.revisionNumber}${event.details.onBehalfOf ? ` on behalf of ${event.details.onBehalfOf.name}` : ''}, signed "${event.details.signature}": ${event.details.statement}`
    case 'approver.added':
      return `added ${event.details.name} as an approver`
    case 'approver.removed':
      return `removed ${event.details.name} as an approver`
    case 'approver.replaced':
      return `replaced ${event.details.ownerName} (owner of ${event.details.serviceNames.join(', ')}) with ${event.details.name} as approver: ${event.details.reason}`
    case 'change.update-posted':
      return `posted a status update: ${event.details.body}`
    case 'comment.added':
      return event.details.isConcern ? 'raised a concern' : 'commented'
    case 'freeze.created':
      return `declared the ${event.details.severity} freeze "${event.details.name}"`
    case 'freeze.updated':
      return `changed the freeze "${event.details.after.name}" (now revision ${event.details.revision})`
    case 'freeze.ended-early':
      return event.details.name ? `ended the freeze "${event.details.name}" early` : 'ended the freeze early'
    case 'freeze.archived':
      return `archived the freeze "${event.details.name}"`
    case 'freeze.deleted':
      return `deleted the freeze "${event.details.name}"`
    case 'freeze-exception.granted':
      return `granted an exception to the freeze "${event.details.freezeName}" for revision ${event.details.revision}: ${event.details.justification}`
    case 'freeze-exception.justified':
      return `justified running the emergency change in the SOFT freeze "${event.details.freezeName}" for revision ${event.details.revision}: ${event.details.justification}`
    case 'user.created':
      return event.details.kind === 'SERVICE' ? `created the service account "${event.details.name}"` : `created the user ${event.details.name} (${event.details.email ?? 'no e-mail'})`
    case 'user.updated':
      return `updated the account: ${list(event.details.fields ?? Object.keys(event.details.to))}`
    case 'user.deactivated':
      return 'deactivated the user'
    case 'user.reactivated':
      return 'reactivated the user'
    case 'user.ics-token-regenerated':
      return 'issued a new calendar feed address'
    case 'user.api-token-created':
      return `created the API token "${event.details.name}" (${event.details.scope}, ${event.details.prefix}…)`
    case 'user.api-token-revoked':
      return `revoked the API token "${event.details.name}"`
    case 'user.sso-linked':
      return 'linked the account to single sign-on'
    case 'user.sso-link-refused':
      return 'was not linked to single sign-on automatically: an administrator account is linked only by an administrator'
    case 'service.created':
      return `created the service "${event.details.name}"`
    case 'service.updated':
      return `updated the service "${event.details.to.name}"`
    case 'conflicts.acknowledged':
      return `acknowledged conflicts with ${list(event.details.conflicts)}`
    case 'mail.retried':
      return `retried delivery of "${event.details.subject}" to ${event.details.toAddress} after ${event.details.attempts} failed ${event.details.attempts === 1 ? 'attempt' : 'attempts'}`
    case 'webhook.created':
      return `registered the webhook ${event.details.url} for ${list(event.details.events)}`
    case 'webhook.deactivated':
      return `deactivated the webhook ${event.details.url}`
    case 'webhook.deleted':
      return `deleted the webhook ${event.details.url}`
    case 'webhook.delivery-retried':
      return `retried the ${event.details.event} delivery to a webhook after ${event.details.attempts} failed ${event.details.attempts === 1 ? 'attempt' : 'attempts'}`
    case 'change.pre-approved':
      return `approved revision ${event.details.revision} on the basis of standard template ${event.details.templateName} v${event.details.templateVersion}${
        event.details.approvedBy.length > 0 ? `, approved by ${event.details.approvedBy.join(', ')}` : ''
      }${event.details.approvedAt ? ` on ${event.details.approvedAt}` : ''}: no sign-off wait`
    case 'template.proposed':
      return `proposed version ${event.details.version} of the standard template "${event.details.name}"`
    case 'template.signed':
      return `${event.details.decision === 'APPROVED' ? 'approved' : 'rejected'} version ${event.details.version} of the standard template "${event.details.name}", signed "${event.details.signature}": ${event.details.statement}`
    case 'template.approved':
      return `version ${event.details.version} of the standard template "${event.details.name}" is approved and in force`
    case 'template.rejected':
      return `version ${event.details.version} of the standard template "${event.details.name}" was rejected`
    case 'template.suspended':
      return `suspended the standard template "${event.details.name}": ${event.details.reason}`
    case 'template.reactivated':
      return `reviewed and reactivated the standard template "${event.details.name}": ${event.details.reason}`
    case 'approver-group.created':
      return `created the approver group "${event.details.name}"`
    case 'approver-group.updated':
      return `updated the approver group "${event.details.name}"`
    case 'approver-group.deleted':
      return `deleted the approver group "${event.details.name}"`
    case 'approver-group.member-added':
      return `added ${event.details.userName} to the approver group "${event.details.name}"`
    case 'approver-group.member-removed':
      return `removed ${event.details.userName} from the approver group "${event.details.name}"`
    case 'policy.created':
      return `created the approval policy "${event.details.name}" for ${event.details.governs.toLowerCase()}`
    case 'policy.revised':
      return `saved version ${event.details.version} of the approval policy "${event.details.name}": ${event.details.rules}`
    case 'policy.deactivated':
      return `deactivated the approval policy "${event.details.name}"`
    case 'policy.activated':
      return `activated the approval policy "${event.details.name}"`
    case 'delegation.created':
      return `named ${event.details.delegateName} to sign on behalf of ${event.details.delegatorName} from ${event.details.startsAt} to ${event.details.endsAt}`
    case 'delegation.revoked':
      return `revoked ${event.details.delegateName}'s delegation for ${event.details.delegatorName}`
    case 'risk.rule-updated':
      return `set the risk rule "${event.details.label}" to ${event.details.enabled ? `raise to ${event.details.level.toLowerCase()}${event.details.threshold === null ? '' : ` at ${event.details.threshold}`}` : 'off'}`
    case 'risk.thresholds-updated':
      return `set the risk questionnaire's thresholds to ${event.details.mediumScore} for medium and ${event.details.highScore} for high`
    case 'risk.question-saved':
      return `saved the risk question "${event.details.text}"${event.details.active ? '' : ' (inactive)'}`
    default: {
      const unreachable: never = event
      return String(unreachable)
    }
  }
}

/** "Submitted → Approved" for events that move the status, else ''. */
export function describeStatusChange(event: Pick<TAuditEvent, 'fromStatus' | 'toStatus'>): string {
  if (!event.fromStatus || !event.toStatus) return ''
  return `${STATUS_LABELS[event.fromStatus]} → ${STATUS_LABELS[event.toStatus]}`
}
