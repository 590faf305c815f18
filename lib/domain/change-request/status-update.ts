// Status updates during implementation: short timestamped notes ("step 2 of 4
// done", "rolling back: step 3 failed") that the requester or a change manager
// posts while the work runs, for the timeline and the watchers. Who may post is
// the policy's 'change:post-update'; this module adds *when* (only IN_PROGRESS)
// and what a body may be.
import { z } from 'zod'
import { can, whyDenied, type ChangeResource } from '../authz/policy'
import { LIMITS } from '../shared/limits'
import type { Actor, ChangeStatus, Reason } from '../shared/types'

/** Updates are about work underway: before the start or after the outcome there is nothing to report live. */
export const STATUS_UPDATE_STATUSES: readonly ChangeStatus[] = ['IN_PROGRESS']

export const ZStatusUpdateBody = z
  .string({ error: 'Write the status update.' })
  .trim()
  .min(1, 'Write the status update.')
  .max(LIMITS.statusUpdate, `Keep the update under ${LIMITS.statusUpdate} characters.`)

export type StatusUpdateDecision = { ok: true } | { ok: false; forbidden: boolean; reasons: Reason[] }

/**
 * May this actor post an update on this change now? `forbidden` tells a
 * refusal by role (never allowed) from one by status (not now).
 */
export function decideStatusUpdate(actor: Actor, change: ChangeResource): StatusUpdateDecision {
  if (!can(actor, 'change:post-update', change)) {
    return { ok: false, forbidden: true, reasons: [{ code: 'forbidden', message: whyDenied(actor, 'change:post-update', change) }] }
  }
  if (!STATUS_UPDATE_STATUSES.includes(change.status)) {
    return {
      ok: false,
      forbidden: false,
      reasons: [{ code: 'not-in-progress', message: 'Status updates can be posted only while the change is in progress.' }],
    }
  }
  return { ok: true }
}

/** For the page: show the form only to those who could post now. */
export function mayPostStatusUpdate(actor: Actor, change: ChangeResource): boolean {
  return decideStatusUpdate(actor, change).ok
}
