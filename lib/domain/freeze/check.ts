// Freeze and change-collision checks for one change window. Pure: the server
// loads candidate freezes/changes (pre-filtered in SQL by tstzrange &&) and
// these functions make the exact decision.
import type { ChangeType, FreezeSeverity, Reason } from '../shared/types'
import { formatInterval } from '../time/format-interval'
import { intersection, overlaps, type Interval } from './overlap'
import { occurrencesBetween, type FreezeDefinition } from './recurrence'

export type FreezeConflict = {
  freezeId: string
  name: string
  severity: FreezeSeverity
  /** The part of the change window inside the freeze occurrence (the whole window when `unevaluated`). */
  overlap: Interval
  /** Why the freeze's rule could not be fully evaluated; it then counts as covering the whole window (fail closed). */
  unevaluated?: string
}

export function freezeAppliesTo(freeze: FreezeDefinition, serviceIds: readonly string[]): boolean {
  if (freeze.archived) return false
  return freeze.allServices || freeze.serviceIds.some((id) => serviceIds.includes(id))
}

/**
 * One conflict per overlapping occurrence of every in-scope, non-archived
 * freeze; one covering the whole window for a freeze whose rule could not be
 * fully evaluated, so such a freeze blocks instead of silently passing.
 */
export function findFreezeConflicts(input: {
  window: Interval
  serviceIds: readonly string[]
  freezes: readonly FreezeDefinition[]
}): FreezeConflict[] {
  const conflicts: FreezeConflict[] = []
  for (const freeze of input.freezes) {
    if (!freezeAppliesTo(freeze, input.serviceIds)) continue
    const occurrences = occurrencesBetween(freeze, input.window)
    if (!occurrences.complete) {
      conflicts.push({ freezeId: freeze.id, name: freeze.name, severity: freeze.severity, overlap: input.window, unevaluated: occurrences.problem })
      continue
    }
    for (const occurrence of occurrences.intervals) {
      const overlap = intersection(occurrence, input.window)
      if (overlap) conflicts.push({ freezeId: freeze.id, name: freeze.name, severity: freeze.severity, overlap })
    }
  }
  return conflicts
}

export type FreezeExceptionRef = { freezeId: string; fingerprint: string }

export type FreezeEvaluation = {
  blocking: Array<FreezeConflict & { reason: Reason }>
  permitted: FreezeConflict[]
}

/**
 * HARD freezes block unless the change is EMERGENCY and holds an exception for
 * this freeze at its current fingerprint; SOFT freezes block unless such an
 * exception exists. Exceptions are bound to a fingerprint so that a revised
 * change needs a fresh decision, like a sign-off.
 */
export function evaluateFreezeConflicts(
  conflicts: readonly FreezeConflict[],
  exceptions: readonly FreezeExceptionRef[],
  change: { type: ChangeType; fingerprint: string | null },
  options: { timeZone?: string } = {},
): FreezeEvaluation {
  const result: FreezeEvaluation = { blocking: [], permitted: [] }
  for (const conflict of conflicts) {
    const hasException =
      change.fingerprint !== null &&
      exceptions.some((e) => e.freezeId === conflict.freezeId && e.fingerprint === change.fingerprint)
    const when = formatInterval(conflict.overlap, options.timeZone)
    const kind = conflict.severity === 'HARD' ? 'hard' : 'soft'
    const what = conflict.unevaluated
      ? `The ${kind} freeze "${conflict.name}" could not be fully evaluated (${conflict.unevaluated}), so it is treated as covering the whole window (${when})`
      : `The window overlaps the ${kind} freeze "${conflict.name}" (${when})`
    if (conflict.severity === 'HARD') {
      if (change.type === 'EMERGENCY' && hasException) result.permitted.push(conflict)
      else
        result.blocking.push({
          ...conflict,
          reason: {
            code: 'freeze-hard',
            message:
              change.type === 'EMERGENCY'
                ? `${what}; an administrator must grant an exception for this revision.`
                : `${what}; only an emergency change with an administrator's exception may run in it.`,
          },
        })
    } else if (hasException) result.permitted.push(conflict)
    else
      result.blocking.push({
        ...conflict,
        reason: {
          code: 'freeze-soft',
          message: `${what} and this revision has no exception for it.`,
        },
      })
  }
  return result
}

export type ScheduledChangeRef = { id: string; number: string; serviceIds: readonly string[]; window: Interval }
export type ChangeConflict = { id: string; number: string; overlap: Interval }

/** Other changes sharing a service whose windows overlap this one (the change itself excluded by id). */
export function changeConflicts(
  window: Interval,
  serviceIds: readonly string[],
  others: readonly ScheduledChangeRef[],
  selfId?: string,
): ChangeConflict[] {
  const found: ChangeConflict[] = []
  for (const other of others) {
    if (other.id === selfId) continue
    if (!other.serviceIds.some((id) => serviceIds.includes(id))) continue
    const overlap = intersection(window, other.window)
    if (overlap) found.push({ id: other.id, number: other.number, overlap })
  }
  return found
}

/**
 * How many changes would run in this window across all services, counting the
 * change itself (the caller passes the OTHER scheduled changes); exceeded when
 * more than threshold — the "everything at once" weekend. The SQL mirror is
 * lib/server/lifecycle/conflicts.ts.
 */
export function crowdedWindow(
  window: Interval,
  otherScheduled: readonly { window: Interval }[],
  threshold: number,
): { count: number; exceeded: boolean } {
  const count = otherScheduled.filter((c) => overlaps(window, c.window)).length + 1
  return { count, exceeded: count > threshold }
}
