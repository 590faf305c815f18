import 'server-only'
import { intersection } from '@/lib/domain/freeze/overlap'
import { occurrencesBetween } from '@/lib/domain/freeze/recurrence'
import type { ChangeType } from '@/lib/generated/prisma/client'
import type { Tx } from '../db'
import { evaluateConflicts, type FreezeCheckResult, type FreezeConflict } from './freeze-conflicts'
import { loadFreezesInRange } from './load-freezes'

export type FreezeCheckChange = {
  id: string
  type: ChangeType
  windowStart: Date
  windowEnd: Date
  serviceIds: string[]
  fingerprint: string
}

/**
 * The freeze check of the scheduling gate, run inside the caller's transaction
 * (which holds lockFreezeCalendar, so no freeze can appear before it commits).
 * SQL finds candidate freezes by span; the domain expands exact occurrences;
 * exceptions count only for the change's CURRENT fingerprint, so a material
 * edit voids them like a sign-off.
 */
export async function checkFreezes(tx: Tx, change: FreezeCheckChange): Promise<FreezeCheckResult> {
  const conflicts = await findFreezeConflictsFor(tx, change)
  if (conflicts.length === 0) return { blocking: [], permitted: [] }
  const exceptions = await tx.freezeException.findMany({
    where: { changeId: change.id, fingerprint: change.fingerprint },
    select: { id: true, freezeId: true },
  })
  return evaluateConflicts(conflicts, exceptions, { type: change.type })
}

/** Every overlapping occurrence of every in-scope freeze, with its exact overlap. */
export async function findFreezeConflictsFor(
  tx: Tx,
  change: { windowStart: Date; windowEnd: Date; serviceIds: readonly string[] },
  options: { excludeFreezeId?: string } = {},
): Promise<FreezeConflict[]> {
  const window = { start: change.windowStart, end: change.windowEnd }
  const freezes = await loadFreezesInRange(tx, window, { serviceIds: change.serviceIds, excludeId: options.excludeFreezeId })
  const conflicts: FreezeConflict[] = []
  for (const freeze of freezes) {
    for (const occurrence of occurrencesBetween(freeze, window)) {
      const overlap = intersection(occurrence, window)
      if (overlap) conflicts.push({ freezeId: freeze.id, freezeName: freeze.name, severity: freeze.severity, occurrence, overlap })
    }
  }
  return conflicts
}
