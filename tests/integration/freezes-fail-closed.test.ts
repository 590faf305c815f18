// Issue 8, item 2: a recurring freeze whose rule cannot be fully evaluated
// (here FREQ=SECONDLY, stored before the form refused it) blocks instead of
// silently passing, and the pages that expand freezes do not hang or crash.
import { describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'
import { buildCalendar } from '@/lib/server/freezes/calendar'
import { checkFreezes } from '@/lib/server/lifecycle/freezes'
import { listCurrentFreezes } from '@/lib/server/freezes/list-freezes'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import { ZScheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { createService, createUser } from '@/tests/factories'
import { createApprovedChange } from '@/tests/factories/sign-offs'

const HOUR = 3_600_000

async function actorWith(roles: Actor['roles']): Promise<Actor> {
  const user = await createUser({ roles: [...roles] })
  return { id: user.id, name: user.name, roles }
}

/** A stored HARD freeze ticking every second from a day before `windowStart`, scoped to one service (other tests share the database). */
async function storeSecondlyFreeze(createdById: string, serviceId: string, windowStart: Date, rrule = 'FREQ=SECONDLY') {
  const startsAt = new Date(windowStart.getTime() - 24 * HOUR)
  return prisma.freezePeriod.create({
    data: {
      name: 'Every second',
      reason: 'Stored before the form refused sub-daily rules',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 1000),
      timeZone: 'UTC',
      rrule,
      activeUntil: null,
      severity: 'HARD',
      scope: 'SELECTED_SERVICES',
      createdById,
      services: { create: [{ serviceId }] },
    },
  })
}

describe('a stored freeze whose rule cannot be fully evaluated fails closed', () => {
  it('blocks scheduling through the real use case, naming the freeze and why', async () => {
    const requester = await actorWith(['REQUESTER'])
    const manager = await actorWith(['CHANGE_MANAGER', 'APPROVER'])
    const admin = await actorWith(['ADMIN'])
    const service = await createService({ ownerId: manager.id })
    const windowStart = new Date(Date.now() + 30 * 24 * HOUR)
    await storeSecondlyFreeze(admin.id, service.id, windowStart)
    const change = await createApprovedChange(prisma, { requesterId: requester.id, serviceIds: [service.id], windowStart })
    await expect(scheduleChange(manager, ZScheduleChangeInput.parse({ changeId: change.id, acknowledgedConflictIds: [] }))).rejects.toMatchObject({
      details: {
        reasons: [
          expect.objectContaining({
            code: 'freeze-hard',
            message: expect.stringMatching(/"Every second" could not be fully evaluated.*FREQ=SECONDLY is not supported/),
          }),
        ],
      },
    })
    expect((await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).status).toBe('APPROVED')
  })

  it('the freeze check, the calendar and the dashboard treat it as covering the whole range, without crashing', async () => {
    const admin = await actorWith(['ADMIN'])
    const service = await createService({ ownerId: admin.id })
    const windowStart = new Date(Date.now() + 2 * HOUR)
    const windowEnd = new Date(windowStart.getTime() + 2 * HOUR)
    // Not even valid RRULE syntax: such a row must fail closed too, not throw.
    const garbage = await storeSecondlyFreeze(admin.id, service.id, windowStart, 'FREQ=DAILY;BYDAY=XX')
    const secondly = await storeSecondlyFreeze(admin.id, service.id, windowStart)
    const check = await prisma.$transaction((tx) =>
      checkFreezes(tx, { id: '00000000-0000-4000-8000-000000000000', type: 'NORMAL', windowStart, windowEnd, serviceIds: [service.id], fingerprint: 'fp' }),
    )
    expect(check.blocking.map((b) => [b.freezeId, b.overlap]).sort()).toEqual(
      [
        [garbage.id, { start: windowStart, end: windowEnd }],
        [secondly.id, { start: windowStart, end: windowEnd }],
      ].sort(),
    )
    const range = { start: new Date(Date.now() - 24 * HOUR), end: new Date(Date.now() + 30 * 24 * HOUR) }
    const calendar = await prisma.$transaction((tx) => buildCalendar(tx, range, service.id))
    const shown = calendar.freezes.filter((f) => f.freezeId === secondly.id)
    expect(shown).toEqual([expect.objectContaining({ start: range.start, end: range.end, note: expect.stringContaining('could not be fully evaluated') })])
    const current = await listCurrentFreezes(admin)
    expect(current.find((f) => f.id === secondly.id)).toMatchObject({ activeNow: true })
  })
})
