// Pure evaluation of freeze conflicts against exceptions (no I/O). Mirrors the
// rules of ARCHITECTURE §1 gate step 3: a HARD freeze lets only an EMERGENCY
// change with an exception through; a SOFT freeze needs an exception.
import type { Interval } from '@/lib/domain/freeze/overlap'
import type { FreezeSeverity, Reason } from '@/lib/domain/shared/types'
import { formatInterval } from '@/lib/domain/freeze/overlap'

export type FreezeConflict = {
  freezeId: string
  freezeName: string
  severity: FreezeSeverity
  /** The freeze occurrence that overlaps the window. */
  occurrence: Interval
  /** The exact part of the window inside the freeze. */
  overlap: Interval
}

export type FreezeVerdict = FreezeConflict & { exceptionId: string | null; reason: Reason }

export type FreezeCheckResult = { blocking: FreezeVerdict[]; permitted: FreezeVerdict[] }

export function evaluateConflicts(
  conflicts: readonly FreezeConflict[],
  exceptions: readonly { id: string; freezeId: string }[],
  change: { type: 'STANDARD' | 'NORMAL' | 'EMERGENCY' },
): FreezeCheckResult {
  const result: FreezeCheckResult = { blocking: [], permitted: [] }
  for (const conflict of conflicts) {
    const exception = exceptions.find((e) => e.freezeId === conflict.freezeId) ?? null
    const allowed = exception !== null && (conflict.severity === 'SOFT' || change.type === 'EMERGENCY')
    const verdict = { ...conflict, exceptionId: exception?.id ?? null, reason: reasonFor(conflict, exception !== null, change.type) }
    if (allowed) result.permitted.push(verdict)
    else result.blocking.push(verdict)
  }
  return result
}

function reasonFor(conflict: FreezeConflict, hasException: boolean, type: string): Reason {
  const where = `${conflict.severity} freeze "${conflict.freezeName}" overlaps the window ${formatInterval(conflict.overlap)}`
  if (conflict.severity === 'HARD') {
    if (hasException && type === 'EMERGENCY') return { code: 'FREEZE_HARD_EXCEPTION', message: `${where}; an administrator granted an emergency exception.` }
    if (type !== 'EMERGENCY') return { code: 'FREEZE_HARD', message: `${where}. Only an emergency change with an administrator's exception may run in it.` }
    return { code: 'FREEZE_HARD', message: `${where}. An administrator must grant an exception for this emergency change.` }
  }
  if (hasException) return { code: 'FREEZE_SOFT_EXCEPTION', message: `${where}; an exception was granted.` }
  return { code: 'FREEZE_SOFT', message: `${where}. It needs a freeze exception from a change manager or administrator.` }
}
