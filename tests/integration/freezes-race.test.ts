// The freeze-vs-schedule race: declaring a HARD freeze while a change whose
// window it covers is being scheduled. Whatever the interleaving, no SCHEDULED
// change may end up inside a HARD in-scope freeze without an EMERGENCY exception.
//
// The scheduling side is the real use case (lib/server/scheduling/schedule-change.ts),
// which takes lockFreezeCalendar + the change lock and re-runs the gate.
import { describe, expect, it } from 'vitest'
import { isAppError } from '@/lib/server/errors'
import { prisma } from '@/lib/server/db'
import { createFreeze } from '@/lib/server/freezes/save-freeze'
import { ZCreateFreezeInput } from '@/lib/server/freezes/schemas'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import type { Actor } from '@/lib/domain/shared/types'
import { createApprovedChange } from '@/tests/factories/sign-offs'
import { arrangePeople, at } from './freezes-support'

async function schedule(actor: Actor, changeId: string): Promise<'scheduled' | 'blocked'> {
  try {
    await scheduleChange(actor, { changeId, acknowledgedConflictIds: [], acknowledgeCrowding: true })
    return 'scheduled'
  } catch (error) {
    if (isAppError(error) && error.code === 'REFUSED') return 'blocked'
    throw error
  }
}

/** The invariant in SQL: scheduled/in-progress changes overlapping a HARD in-scope freeze without an emergency exception. */
async function violations(): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT c.id FROM "ChangeRequest" c
      JOIN "FreezePeriod" f ON f."archivedAt" IS NULL AND f.severity = 'HARD' AND f.rrule IS NULL AND f.span && c."window"
     WHERE c.status IN ('SCHEDULED', 'IN_PROGRESS')
       AND (f.scope = 'ALL_SERVICES' OR EXISTS (SELECT 1 FROM "FreezeService" fs JOIN "ChangeService" cs ON cs."serviceId" = fs."serviceId"
                                                 WHERE fs."freezeId" = f.id AND cs."changeId" = c.id))
       AND NOT (c.type = 'EMERGENCY' AND EXISTS (SELECT 1 FROM "FreezeException" e
                                                  WHERE e."changeId" = c.id AND e."freezeId" = f.id AND e.fingerprint = c.fingerprint))`
  return rows.map((r) => r.id)
}

describe('freeze declaration racing a scheduling', () => {
  it('never leaves a SCHEDULED change inside a HARD freeze, over many interleavings', async () => {
    const p = await arrangePeople()
    const outcomes = new Set<string>()
    for (let i = 0; i < 30; i++) {
      const day = String((i % 28) + 1).padStart(2, '0')
      const month = String(Math.floor(i / 28) + 1).padStart(2, '0')
      const change = await createApprovedChange(prisma, {
        requesterId: p.requester.id,
        serviceIds: [p.service.id],
        windowStart: at(`2033-${month}-${day}T10:00`),
        windowEnd: at(`2033-${month}-${day}T12:00`),
      })
      const freeze = ZCreateFreezeInput.parse({
        name: `Race freeze ${i}`,
        reason: 'Declared while a change is being scheduled',
        startsAtLocal: `2033-${month}-${day}T11:00`,
        endsAtLocal: `2033-${month}-${day}T13:00`,
        timeZone: 'UTC',
        scope: i % 2 === 0 ? 'ALL_SERVICES' : 'SELECTED_SERVICES',
        serviceIds: [p.service.id],
        severity: 'HARD',
      })
      // Vary the interleaving: the freeze starts 0–20 ms after the scheduling (no timing is asserted).
      const delayed = <T,>(ms: number, work: () => Promise<T>) => new Promise<T>((resolve, reject) => setTimeout(() => work().then(resolve, reject), ms))
      const [scheduled, declared] = await Promise.all([schedule(p.manager, change.id), delayed((i % 6) * 4, () => createFreeze(p.admin, freeze))])
      outcomes.add(`${scheduled}/${declared.unscheduled.length}`)
      expect(await violations()).toEqual([])
      const status = (await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).status
      expect(status).toBe('APPROVED')
    }
    console.info('race outcomes (scheduled-first/1 or freeze-first/0):', [...outcomes])
    expect([...outcomes].every((o) => o === 'scheduled/1' || o === 'blocked/0')).toBe(true)
  })
})
