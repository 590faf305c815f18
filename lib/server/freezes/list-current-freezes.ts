import 'server-only'
import { occurrencesBetween } from '@/lib/domain/freeze/recurrence'
import type { Interval } from '@/lib/domain/freeze/overlap'
import type { Actor, FreezeSeverity } from '@/lib/domain/shared/types'
import { assertCan } from '../authz'
import { prisma } from '../db'
import { loadFreezesInRange } from '@/lib/server/lifecycle/freezes-in-range'

export type CurrentFreeze = { id: string; name: string; severity: FreezeSeverity; occurrence: Interval; activeNow: boolean }

const HORIZON = 30 * 86_400_000

/** For everyone's dashboard: freezes running now or starting in the next 30 days (next occurrence each). */
export async function listCurrentFreezes(actor: Actor, now = new Date()): Promise<CurrentFreeze[]> {
  assertCan(actor, 'calendar:read')
  const range = { start: now, end: new Date(now.getTime() + HORIZON) }
  const freezes = await loadFreezesInRange(prisma, range, { serviceIds: 'any' })
  return freezes
    .flatMap((freeze) => {
      const found = occurrencesBetween(freeze, range)
      // Fail closed: a freeze whose rule cannot be fully evaluated counts as covering the whole horizon.
      const next = found.complete ? found.intervals[0] : range
      return next ? [{ id: freeze.id, name: freeze.name, severity: freeze.severity, occurrence: next, activeNow: next.start <= now }] : []
    })
    .sort((a, b) => a.occurrence.start.getTime() - b.occurrence.start.getTime())
}
