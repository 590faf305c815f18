import { describe, expect, it } from 'vitest'
import { utcToLocalInput } from '@/lib/domain/time/zoned'
import { prisma } from '@/lib/server/db'
import { updateChange } from '@/lib/server/change-requests/update-change'
import { grantFreezeException } from '@/lib/server/freezes/grant-freeze-exception'
import { justifyEmergencyFreeze } from '@/lib/server/freezes/justify-emergency-freeze'
import { loadChangeFreezeState } from '@/lib/server/freezes/load-change-freeze-state'
import { ZJustifyEmergencyFreezeInput } from '@/lib/server/freezes/schemas'
import { evaluateGate } from '@/lib/server/lifecycle/gate'
import { loadChange } from '@/lib/server/lifecycle/change'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import type { ChangeType, FreezeSeverity } from '@/lib/generated/prisma/client'
import { actorWith, cast, factoryChange, failureCode, formFields } from './change-requests-support'
import { arrangeFreeze, exceptionInput } from './freezes-support'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const WHY = 'Card payments fail for every customer; the fix cannot wait for the quarter close.'

/** An approved change of `type` whose window lies inside a fresh freeze of `severity` on its service. */
async function insideFreeze(type: ChangeType, severity: FreezeSeverity) {
  const people = await cast()
  const admin = await actorWith(['ADMIN'])
  const start = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 3 * DAY)
  const end = new Date(start.getTime() + 2 * HOUR)
  const change = await factoryChange({ requesterId: people.requester.id, serviceIds: [people.payments.id], status: 'APPROVED', type, windowStart: start, windowEnd: end })
  const freeze = await arrangeFreeze({ createdById: admin.id, severity, serviceIds: [people.payments.id], startsAt: new Date(start.getTime() - DAY), endsAt: new Date(end.getTime() + DAY) })
  return { ...people, admin, change, freeze, start, end }
}

const freezeCheck = async (changeId: string) => {
  const { gate } = await evaluateGate(prisma, await loadChange(prisma, changeId), { now: new Date() })
  return gate.checks.find((c) => c.id === 'freeze')
}

describe('an emergency change justified into a SOFT freeze', () => {
  it('passes the gate’s freeze check for this revision only, is audited and shown, and can be scheduled', async () => {
    const { requester, manager, change, freeze } = await insideFreeze('EMERGENCY', 'SOFT')
    expect(await freezeCheck(change.id)).toMatchObject({ passed: false, reasons: [expect.objectContaining({ code: 'freeze-soft' })] })

    // Too thin a justification is a field error, and nothing is written.
    const thin = ZJustifyEmergencyFreezeInput.safeParse(await exceptionInput(change.id, freeze.id, 'Urgent fix.'))
    expect(thin.error?.issues[0]).toMatchObject({ path: ['justification'], message: expect.stringContaining('at least 40 characters') })

    await justifyEmergencyFreeze(requester, ZJustifyEmergencyFreezeInput.parse(await exceptionInput(change.id, freeze.id, WHY)))
    expect(await freezeCheck(change.id)).toMatchObject({ passed: true })
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { changeId: change.id, action: 'freeze-exception.justified' } })
    expect(audit).toMatchObject({ actorId: requester.id, details: expect.objectContaining({ justification: WHY, revision: 1, fingerprint: change.fingerprint }) })
    const shown = await loadChangeFreezeState(manager, change.id)
    expect(shown?.exceptions).toEqual([expect.objectContaining({ severity: 'SOFT', justification: WHY, byRequester: true, current: true })])
    // Twice for the same revision: refused.
    expect(await failureCode(async () => justifyEmergencyFreeze(requester, ZJustifyEmergencyFreezeInput.parse(await exceptionInput(change.id, freeze.id, WHY))))).toBe('CONFLICT')

    await scheduleChange(manager, { changeId: change.id, acknowledgedConflictIds: [], acknowledgeCrowding: true })
    expect((await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).status).toBe('SCHEDULED')
  })

  it('is voided by a material edit: the new revision is blocked again', async () => {
    const { requester, change, freeze, payments, start, end } = await insideFreeze('EMERGENCY', 'SOFT')
    await justifyEmergencyFreeze(requester, ZJustifyEmergencyFreezeInput.parse(await exceptionInput(change.id, freeze.id, WHY)))
    expect(await freezeCheck(change.id)).toMatchObject({ passed: true })
    const fields = formFields({ type: 'EMERGENCY', serviceIds: [payments.id], windowStart: utcToLocalInput(start, 'UTC'), windowEnd: utcToLocalInput(end, 'UTC') })
    await updateChange(requester, { changeId: change.id, version: change.version }, fields)
    const edited = await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })
    expect(edited.fingerprint).not.toBe(change.fingerprint)
    expect(await freezeCheck(change.id)).toMatchObject({ passed: false, reasons: [expect.objectContaining({ code: 'freeze-soft' })] })
    // A justification written for the old revision is refused as stale.
    const old = { changeId: change.id, freezeId: freeze.id, justification: WHY, revision: 1, fingerprint: change.fingerprint ?? '' }
    expect(await failureCode(() => justifyEmergencyFreeze(requester, ZJustifyEmergencyFreezeInput.parse(old)))).toBe('CONFLICT')
  })

  it('does not open a SOFT freeze for a NORMAL or STANDARD change, nor for anyone but its requester or a change manager', async () => {
    for (const type of ['NORMAL', 'STANDARD'] as const) {
      const { requester, manager, change, freeze } = await insideFreeze(type, 'SOFT')
      const input = ZJustifyEmergencyFreezeInput.parse(await exceptionInput(change.id, freeze.id, WHY))
      expect(await failureCode(() => justifyEmergencyFreeze(requester, input))).toBe('FORBIDDEN')
      expect(await failureCode(() => justifyEmergencyFreeze(manager, input))).toBe('FORBIDDEN')
      expect(await freezeCheck(change.id)).toMatchObject({ passed: false })
    }
    const { otherRequester, avery, change, freeze } = await insideFreeze('EMERGENCY', 'SOFT')
    const input = ZJustifyEmergencyFreezeInput.parse(await exceptionInput(change.id, freeze.id, WHY))
    expect(await failureCode(() => justifyEmergencyFreeze(otherRequester, input))).toBe('FORBIDDEN')
    expect(await failureCode(() => justifyEmergencyFreeze(avery, input))).toBe('FORBIDDEN')
    expect(await prisma.freezeException.count({ where: { changeId: change.id } })).toBe(0)
  })
})

describe('a HARD freeze still needs an administrator’s exception', () => {
  it('a justification does not open it; the scheduler is refused', async () => {
    const { requester, manager, change, freeze } = await insideFreeze('EMERGENCY', 'HARD')
    const input = ZJustifyEmergencyFreezeInput.parse(await exceptionInput(change.id, freeze.id, WHY))
    await expect(justifyEmergencyFreeze(requester, input)).rejects.toMatchObject({ code: 'REFUSED', details: { reasons: [expect.objectContaining({ code: 'freeze-hard' })] } })
    await expect(justifyEmergencyFreeze(manager, input)).rejects.toMatchObject({ code: 'REFUSED' })
    expect(await freezeCheck(change.id)).toMatchObject({ passed: false, reasons: [expect.objectContaining({ code: 'freeze-hard' })] })
    expect(await failureCode(() => scheduleChange(manager, { changeId: change.id, acknowledgedConflictIds: [], acknowledgeCrowding: true }))).toBe('REFUSED')
  })

  it('and the database refuses it too: no own exception but an emergency’s SOFT one, and no SCHEDULED inside a HARD freeze without a HARD exception', async () => {
    const { requester, manager, change, freeze } = await insideFreeze('EMERGENCY', 'HARD')
    const row = { changeId: change.id, freezeId: freeze.id, revisionNumber: 1, fingerprint: change.fingerprint ?? '', freezeRevision: freeze.revision, justification: WHY }
    // The requester's own exception for a HARD freeze: refused, whatever writes it.
    await expect(prisma.freezeException.create({ data: { ...row, grantedSeverity: 'HARD', grantedById: requester.id } })).rejects.toThrow(/only an emergency change may be justified into a SOFT freeze/)
    // A SOFT-graded exception (say a change manager's) does not count for a HARD freeze at the backstop.
    await prisma.freezeException.create({ data: { ...row, grantedSeverity: 'SOFT', grantedById: manager.id } })
    await expect(prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED' } })).rejects.toThrow(/inside a HARD freeze without an emergency exception/)
    // Only an administrator's HARD exception opens it, as before.
    const excused = await insideFreeze('EMERGENCY', 'HARD')
    await grantFreezeException(excused.admin, await exceptionInput(excused.change.id, excused.freeze.id, 'Production is down and this fix cannot wait.'))
    await prisma.changeRequest.update({ where: { id: excused.change.id }, data: { status: 'SCHEDULED' } })

    const normal = await insideFreeze('NORMAL', 'SOFT')
    const own = { changeId: normal.change.id, freezeId: normal.freeze.id, revisionNumber: 1, fingerprint: normal.change.fingerprint ?? '', freezeRevision: normal.freeze.revision, justification: WHY }
    await expect(prisma.freezeException.create({ data: { ...own, grantedSeverity: 'SOFT', grantedById: normal.requester.id } })).rejects.toThrow(/own requester/)
  })
})
