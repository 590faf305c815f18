// The audit draft each successful transition produces. Kept apart from the
// rules so state-machine.ts reads as decisions only.
import type { AuditDraft } from '../audit/events'
import type { ChangeEvent, TransitionContext, TransitionSubject } from './transition-table'

/** A pipeline's deployment ref and run URL, when the event was reported by one (omitted otherwise). */
function deploymentOf(ctx: TransitionContext): { deployment?: { ref?: string; url?: string } } {
  const ref = ctx.deployment?.ref
  const url = ctx.deployment?.url
  if (ref === undefined && url === undefined) return {}
  return { deployment: { ...(ref !== undefined ? { ref } : {}), ...(url !== undefined ? { url } : {}) } }
}

export function auditFor(
  change: TransitionSubject,
  event: ChangeEvent,
  ctx: TransitionContext,
  minted: { number: number; fingerprint: string } | undefined,
): AuditDraft {
  const current = { revision: change.revision, fingerprint: change.fingerprint ?? '' }
  switch (event) {
    case 'submit':
      return { action: 'change.submitted', details: { revision: minted?.number ?? 0, fingerprint: minted?.fingerprint ?? '' } }
    case 'revise':
      if (!minted) return { action: 'change.updated', details: { fields: [] } }
      return {
        action: 'change.revised',
        details: { revision: minted.number, fingerprint: minted.fingerprint, fields: [...(ctx.changedFields ?? [])] },
      }
    case 'approve':
      return { action: 'change.approved', details: current }
    case 'reject':
      return { action: 'change.rejected', details: current }
    case 'cancel':
      return { action: 'change.cancelled', details: { reason: ctx.reason?.trim() ?? '' } }
    case 'schedule':
      return {
        action: 'change.scheduled',
        details: {
          acknowledgedConflicts: [...(ctx.acknowledgedConflicts ?? [])],
          ...(change.windowStart ? { windowStart: change.windowStart.toISOString() } : {}),
          ...(change.windowEnd ? { windowEnd: change.windowEnd.toISOString() } : {}),
        },
      }
    case 'unschedule':
      return {
        action: 'change.unscheduled',
        details: { reason: ctx.reason?.trim() ?? '', ...(ctx.freezeId ? { freezeId: ctx.freezeId } : {}) },
      }
    case 'start':
      return { action: 'change.started', details: { ...deploymentOf(ctx) } }
    case 'complete':
      return { action: 'change.completed', details: { notes: ctx.notes?.trim() ?? '', ...deploymentOf(ctx) } }
    case 'rollBack':
      return { action: 'change.rolled-back', details: { notes: ctx.notes?.trim() ?? '', ...deploymentOf(ctx) } }
    case 'fail':
      return { action: 'change.failed', details: { notes: ctx.notes?.trim() ?? '', ...deploymentOf(ctx) } }
    case 'review':
      return { action: 'change.reviewed', details: { notes: ctx.notes?.trim() ?? '' } }
  }
}
