import { describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { scheduleChange, unscheduleChange } from '@/lib/server/scheduling/schedule-change'
import { ZScheduleChangeInput, ZUnscheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { createService, createUser } from '@/tests/factories'
import { createApprovedChange, findSignOffInvariantViolations, signOff } from '@/tests/factories/sign-offs'

const HOUR = 3_600_000

async function actorWith(roles: Actor['roles']): Promise<Actor> {
  const user = await createUser({ roles: [...roles] })
  return { id: user.id, name: user.name, roles }
}

async function world() {
  const requester = await actorWith(['REQUESTER'])
  const manager = await actorWith(['CHANGE_MANAGER', 'APPROVER'])
  const avery = await actorWith(['APPROVER'])
  const blake = await actorWith(['APPROVER'])
  const payments = await createService({ ownerId: avery.id })
  const queue = await createService({ ownerId: blake.id })
  return { requester, manager, avery, blake, payments, queue }
}

const schedule = (actor: Actor, changeId: string, acknowledgedConflictIds: string[] = []) =>
  scheduleChange(actor, ZScheduleChangeInput.parse({ changeId, acknowledgedConflictIds }))
async function refusal(attempt: Promise<unknown>): Promise<AppError> {
  const error = await attempt.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  )
  if (!(error instanceof AppError)) throw error
  return error
}
// The factories write a change's history too; these tests look only at what the use case adds.
const lastAuditId = async () => (await prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n
const statusOf = async (id: string) => (await prisma.changeRequest.findUniqueOrThrow({ where: { id } })).status

describe('scheduleChange', () => {
  it('schedules an approved change with every sign-off for its fingerprint, and audits it', async () => {
    const w = await world()
    const change = await createApprovedChange(prisma, { requesterId: w.requester.id, serviceIds: [w.payments.id, w.queue.id] })
    const arranged = await lastAuditId()
    await expect(schedule(w.manager, change.id)).resolves.toMatchObject({ number: expect.stringMatching(/^CHG-\d{6}$/) })
    expect(await statusOf(change.id)).toBe('SCHEDULED')
    const audit = await prisma.auditEvent.findMany({ where: { changeId: change.id, id: { gt: arranged } } })
    expect(audit).toEqual([
      expect.objectContaining({ action: 'change.scheduled', actorId: w.manager.id, fromStatus: 'APPROVED', toStatus: 'SCHEDULED' }),
    ])
    expect(await findSignOffInvariantViolations(prisma)).toEqual([])
  })

  it('refuses with every reason listed: stale sign-offs, a missing one naming the approver, a window in the past', async () => {
    const w = await world()
    const nominee = await actorWith(['APPROVER'])
    const past = new Date(Date.now() - 48 * HOUR)
    const change = await createApprovedChange(prisma, {
      requesterId: w.requester.id,
      serviceIds: [w.payments.id, w.queue.id],
      windowStart: past,
    })
    // A crafted state the UI could never produce: APPROVED, but revised since and with a new approver
    // (under approval policies, a nominee is one more rule of the snapshot).
    await prisma.changeRequest.update({ where: { id: change.id }, data: { revision: 2, fingerprint: 'e'.repeat(64) } })
    await prisma.changeApprover.create({ data: { changeId: change.id, userId: nominee.id, source: 'NOMINATED' } })
    await prisma.changeApprovalRule.create({
      data: { changeId: change.id, position: 2, stage: 1, description: `all of ${nominee.name} (nominated)`, mode: 'ALL', required: 1, eligibleIds: [nominee.id] },
    })
    const arranged = await lastAuditId()

    const attempt = schedule(w.manager, change.id)
    await expect(attempt).rejects.toMatchObject({ code: 'REFUSED', message: 'The change cannot be scheduled' })
    const error = await refusal(attempt)
    expect(error.details.reasons).toEqual(
      expect.arrayContaining([
        {
          code: 'sign-off-stale',
          message: expect.stringMatching(/^Sign-off by .+ was given for an earlier revision and must be given again\.$/),
        },
        { code: 'sign-off-missing', message: `Awaiting sign-off from ${nominee.name}.` },
        // Under a policy the checklist also names each rule not met, with its progress.
        { code: 'policy-rule-unmet', message: 'Awaiting 2 more approvals for all owners of the affected services (0 of 2 so far).' },
        { code: 'policy-rule-unmet', message: `Awaiting 1 more approval for all of ${nominee.name} (nominated) (0 of 1 so far).` },
        { code: 'window-past', message: expect.stringContaining('not in the future') },
      ]),
    )
    expect(error.details.reasons).toHaveLength(5)
    const stale = error.details.reasons?.find((r) => r.code === 'sign-off-stale')?.message ?? ''
    expect(stale).toContain(w.avery.name)
    expect(stale).toContain(w.blake.name)
    expect(await statusOf(change.id)).toBe('APPROVED')
    expect(await prisma.auditEvent.count({ where: { changeId: change.id, id: { gt: arranged } } })).toBe(0)
  })

  it('refuses a requester of a normal change, and lets the requester of a standard change schedule it', async () => {
    const w = await world()
    const normal = await createApprovedChange(prisma, { requesterId: w.requester.id, serviceIds: [w.payments.id] })
    await expect(schedule(w.requester, normal.id)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const standard = await createApprovedChange(prisma, { requesterId: w.requester.id, serviceIds: [w.payments.id], type: 'STANDARD' })
    await schedule(w.requester, standard.id)
    expect(await statusOf(standard.id)).toBe('SCHEDULED')
  })

  it('requires overlapping changes on the same services to be acknowledged, and audits the acknowledgement', async () => {
    const w = await world()
    const start = new Date(Date.now() + 30 * 24 * HOUR)
    const other = await createApprovedChange(prisma, { requesterId: w.requester.id, serviceIds: [w.payments.id], windowStart: start })
    await schedule(w.manager, other.id)
    const change = await createApprovedChange(prisma, {
      requesterId: w.requester.id,
      serviceIds: [w.payments.id, w.queue.id],
      windowStart: new Date(start.getTime() + HOUR),
    })
    await expect(schedule(w.manager, change.id)).rejects.toMatchObject({
      code: 'REFUSED',
      details: { reasons: [expect.objectContaining({ code: 'change-conflict' })] },
    })
    await schedule(w.manager, change.id, [other.id])
    const ack = await prisma.auditEvent.findFirstOrThrow({ where: { changeId: change.id, action: 'conflicts.acknowledged' } })
    expect(ack.details).toEqual({ conflicts: [expect.stringMatching(/^CHG-\d{6}$/)] })
    const scheduled = await prisma.auditEvent.findFirstOrThrow({ where: { changeId: change.id, action: 'change.scheduled' } })
    expect(scheduled.details).toMatchObject({ acknowledgedConflicts: (ack.details as { conflicts: string[] }).conflicts })
  })

  it('refuses a window inside a HARD freeze with the freeze named', async () => {
    const w = await world()
    const admin = await actorWith(['ADMIN'])
    const start = new Date(Date.now() + 60 * 24 * HOUR)
    await prisma.freezePeriod.create({
      data: {
        name: 'Year-end freeze',
        reason: 'Financial close',
        startsAt: new Date(start.getTime() - HOUR),
        endsAt: new Date(start.getTime() + 5 * HOUR),
        activeUntil: new Date(start.getTime() + 5 * HOUR),
        severity: 'HARD',
        createdById: admin.id,
      },
    })
    const change = await createApprovedChange(prisma, { requesterId: w.requester.id, serviceIds: [w.payments.id], windowStart: start })
    await expect(schedule(w.manager, change.id)).rejects.toMatchObject({
      details: {
        reasons: [
          expect.objectContaining({
            code: expect.stringMatching(/^freeze[-_]hard$/i),
            message: expect.stringContaining('Year-end freeze'),
          }),
        ],
      },
    })
  })

  it('lets a change manager take a change off the schedule with a reason', async () => {
    const w = await world()
    const change = await createApprovedChange(prisma, { requesterId: w.requester.id, serviceIds: [w.payments.id] })
    await schedule(w.manager, change.id)
    const input = ZUnscheduleChangeInput.parse({ changeId: change.id, reason: 'The vendor moved the maintenance slot.' })
    await expect(unscheduleChange(w.requester, input)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await unscheduleChange(w.manager, input)
    expect(await statusOf(change.id)).toBe('APPROVED')
  })

  it('does not count a rejection or an approval for another fingerprint', async () => {
    const w = await world()
    const change = await createApprovedChange(prisma, { requesterId: w.requester.id, serviceIds: [w.payments.id] })
    await prisma.changeRequest.update({ where: { id: change.id }, data: { revision: 2, fingerprint: 'd'.repeat(64) } })
    await signOff(prisma, {
      changeId: change.id,
      approverId: w.avery.id,
      revisionNumber: 2,
      fingerprint: 'd'.repeat(64),
      decision: 'REJECTED',
    })
    await expect(schedule(w.manager, change.id)).rejects.toMatchObject({
      details: { reasons: [{ code: 'sign-off-rejected', message: `Rejected by ${w.avery.name}.` }] },
    })
  })
})
