// The audit draft each successful transition produces. Kept apart from the
// rules so state-machine.ts reads as decisions only.
import type { AuditDraft } from '../audit/events'
import type { ChangeEvent, TransitionContext, TransitionSubject } from './transition-table'

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
      return { action: 'change.started', details: {} }
    case 'complete':
      return { action: 'change.completed', details: { notes: ctx.notes?.trim() ?? '' } }
    case 'rollBack':
      return { action: 'change.rolled-back', details: { notes: ctx.notes?.trim() ?? '' } }
    case 'fail':
      return { action: 'change.failed', details: { notes: ctx.notes?.trim() ?? '' } }
    case 'review':
      return { action: 'change.reviewed', details: { notes: ctx.notes?.trim() ?? '' } }
  }
}
