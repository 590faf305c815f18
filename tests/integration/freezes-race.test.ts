// The freeze-vs-schedule race: declaring a HARD freeze while a change whose
// window it covers is being scheduled. Whatever the interleaving, no SCHEDULED
// change may end up inside a HARD in-scope freeze without an EMERGENCY exception.
//
// lib/server/scheduling/schedule-change.ts (another issue) did not exist when
// this was written, so the scheduling side is a minimal transaction doing
// exactly what the gate's freeze step does: lockFreezeCalendar → lockChange →
// checkFreezes → SCHEDULED only when nothing blocks.
import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { createFreeze } from '@/lib/server/freezes/create-freeze'
import { ZCreateFreezeInput } from '@/lib/server/freezes/create-freeze.schema'
import { checkFreezes } from '@/lib/server/freezes/check-freezes'
import { lockChange, lockFreezeCalendar, runTransaction } from '@/lib/server/transaction'
import { arrangeChange, arrangePeople, at } from './freezes-support'

async function scheduleLikeTheGate(changeId: string): Promise<'scheduled' | 'blocked'> {
  return runTransaction(async (tx) => {
    await lockFreezeCalendar(tx)
    await lockChange(tx, changeId)
    const change = await tx.changeRequest.findUniqueOrThrow({ where: { id: changeId }, include: { services: true } })
    const result = await checkFreezes(tx, {
      id: change.id,
      type: change.type,
      windowStart: change.windowStart!,
      windowEnd: change.windowEnd!,
      serviceIds: change.services.map((s) => s.serviceId),
      fingerprint: change.fingerprint!,
    })
    if (result.blocking.length > 0 || change.status !== 'APPROVED') return 'blocked'
    await tx.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED', version: { increment: 1 } } })
    return 'scheduled'
  })
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
      const change = await arrangeChange({
        requesterId: p.requester.id,
        serviceIds: [p.service.id],
        windowStart: at(`2033-${month}-${day}T10:00`),
        windowEnd: at(`2033-${month}-${day}T12:00`),
        status: 'APPROVED',
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
      // Alternate who starts first; the lock decides who wins.
      const [scheduled, declared] =
        i % 2 === 0
          ? await Promise.all([scheduleLikeTheGate(change.id), createFreeze(p.admin, freeze)])
          : await Promise.all([createFreeze(p.admin, freeze), scheduleLikeTheGate(change.id)]).then(([d, s]) => [s, d] as const)
      outcomes.add(`${scheduled}/${declared.unscheduled.length}`)
      expect(await violations()).toEqual([])
      const status = (await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).status
      expect(status).toBe('APPROVED')
    }
    // Both orders must be possible outcomes in principle; record what happened for the reader.
    expect([...outcomes].every((o) => o === 'scheduled/1' || o === 'blocked/0')).toBe(true)
  })
})
