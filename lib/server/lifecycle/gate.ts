import 'server-only'
import { cache } from 'react'
import { can, whyDenied } from '@/lib/domain/authz/policy'
import { windowOf } from '@/lib/domain/freeze/overlap'
import { evaluateSchedulingGate, type GateResult } from '@/lib/domain/gate/scheduling-gate'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma, type Tx } from '@/lib/server/db'
import { checkFreezes } from '@/lib/server/lifecycle/freezes'
import { viewerTimeZone } from '@/lib/server/viewer'
import { loadSignOffs } from '@/lib/server/lifecycle/sign-offs'
import { loadChange, type WritableSubject } from './change'
import { loadTemplateBasis } from '@/lib/server/templates/template-basis'
import { findChangeConflicts, type ChangeConflict, type Crowding } from './conflicts'

export type GateAcknowledgements = { conflictIds?: readonly string[]; crowding?: boolean }

export type GateEvaluation = Awaited<ReturnType<typeof evaluateGate>>

/**
 * Loads everything else the gate needs about a loaded change (sign-offs,
 * freezes, conflicts) and runs the pure evaluateSchedulingGate. Inside schedule-change it runs in the
 * transaction that holds the freeze-calendar and change locks, so what it
 * sees is what gets committed.
 *
 * Acknowledgement is per conflicting change (a checkbox each), so only the
 * conflicts NOT acknowledged are handed to the gate: its reasons then list
 * exactly what is still unacknowledged.
 */
export async function evaluateGate(
  db: Tx,
  change: WritableSubject,
  options: { now: Date; acknowledged?: GateAcknowledgements; timeZone?: string },
) {
  const serviceIds = [...change.serviceIds]
  const { state } = await loadSignOffs(db, change)
  const window = windowOf(change)
  const range = window ? { windowStart: window.start, windowEnd: window.end } : null
  // Without a valid window there is nothing to check against; the window check already fails.
  const freeze =
    range && change.fingerprint
      ? await checkFreezes(db, { id: change.id, type: change.type, ...range, serviceIds, fingerprint: change.fingerprint }, { timeZone: options.timeZone })
      : { blocking: [], permitted: [] }
  const found: { conflicts: ChangeConflict[]; crowding: Crowding | null } = range
    ? await findChangeConflicts(db, { id: change.id, ...range, serviceIds })
    : { conflicts: [], crowding: null }
  const templateBasis = await loadTemplateBasis(db, change.templateVersionId)
  const gate: GateResult = evaluateSchedulingGate({
    change,
    signOffs: state,
    templateBasis,
    freeze,
    changeConflicts: found.conflicts,
    ...(found.crowding ? { crowding: found.crowding } : {}),
    ...(options.acknowledged ? { acknowledged: options.acknowledged } : {}),
    now: options.now,
    timeZone: options.timeZone,
  })
  return {
    change,
    gate,
    signOffs: state,
    templateBasis,
    freeze,
    conflicts: found.conflicts,
    crowding: found.crowding,
  }
}

/**
 * For the change page: the gate as the viewer sees it, and whether they may
 * press Schedule. Cached per request (React cache, keyed by the request's
 * actor): the gate and freeze sections both read it, and it runs once.
 */
export const getGateForViewer = cache(async (actor: Actor, changeId: string) => {
  const change = await loadChange(prisma, changeId)
  assertCan(actor, 'change:read', change)
  const timeZone = viewerTimeZone(actor)
  const evaluation = await evaluateGate(prisma, change, { now: new Date(), timeZone })
  return {
    ...evaluation,
    viewerTimeZone: timeZone,
    canSchedule: can(actor, 'change:schedule', evaluation.change),
    canUnschedule: can(actor, 'change:unschedule', evaluation.change),
    whyNotScheduler: whyDenied(actor, 'change:schedule', evaluation.change),
  }
})
