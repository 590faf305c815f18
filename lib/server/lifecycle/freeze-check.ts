import 'server-only'
import { evaluateFreezeConflicts, findFreezeConflicts, type FreezeConflict } from '@/lib/domain/freeze/check'
import type { ChangeType } from '@/lib/generated/prisma/client'
import type { Tx } from '@/lib/server/db'
import { loadHoldingExceptions } from './holding-exceptions'
import { loadFreezesInRange } from './freezes-in-range'

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
 * exceptions count only for the change's CURRENT fingerprint and the freeze's
 * current severity and revision, so editing either voids them.
 */
export async function checkFreezes(
  tx: Tx,
  change: FreezeCheckChange,
  options: { timeZone?: string } = {},
): Promise<ReturnType<typeof evaluateFreezeConflicts>> {
  const conflicts = await findFreezeConflictsFor(tx, change)
  if (conflicts.length === 0) return { blocking: [], permitted: [] }
  const exceptions = await loadHoldingExceptions(tx, [change])
  return evaluateFreezeConflicts(conflicts, exceptions, { type: change.type, fingerprint: change.fingerprint }, options)
}

/** Every overlapping occurrence of every in-scope freeze, with its exact overlap. */
export async function findFreezeConflictsFor(
  tx: Tx,
  change: { windowStart: Date; windowEnd: Date; serviceIds: readonly string[] },
  options: { excludeFreezeId?: string } = {},
): Promise<FreezeConflict[]> {
  const window = { start: change.windowStart, end: change.windowEnd }
  const freezes = await loadFreezesInRange(tx, window, { serviceIds: change.serviceIds, excludeId: options.excludeFreezeId })
  return findFreezeConflicts({ window, serviceIds: change.serviceIds, freezes })
}
