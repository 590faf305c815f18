import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { checkFreezes } from '@/lib/server/lifecycle/freezes'
import { findChangeConflicts } from '@/lib/server/lifecycle/conflicts'
import { arrangeChange, arrangeFreeze, arrangePeople, at } from './freezes-support'

const change = (over: Partial<Parameters<typeof checkFreezes>[1]> & { serviceIds: string[] }) => ({
  id: '00000000-0000-4000-8000-000000000000',
  type: 'NORMAL' as const,
  windowStart: at('2031-03-01T10:00'),
  windowEnd: at('2031-03-01T12:00'),
  fingerprint: 'fp',
  ...over,
})

describe('checkFreezes (SQL prefilter + domain occurrences)', () => {
  it('treats windows as half-open: ending exactly when a freeze starts does not overlap', async () => {
    const p = await arrangePeople()
    const freeze = await arrangeFreeze({ createdById: p.admin.id, startsAt: at('2031-03-01T12:00'), endsAt: at('2031-03-01T18:00') })
    const touching = await prisma.$transaction((tx) => checkFreezes(tx, change({ serviceIds: [p.service.id] })))
    expect(touching).toEqual({ blocking: [], permitted: [] })
    const overlapping = await prisma.$transaction((tx) =>
      checkFreezes(tx, change({ serviceIds: [p.service.id], windowEnd: at('2031-03-01T12:01') })),
    )
    expect(overlapping.blocking).toHaveLength(1)
    expect(overlapping.blocking[0]).toMatchObject({
      freezeId: freeze.id,
      severity: 'HARD',
      overlap: { start: at('2031-03-01T12:00'), end: at('2031-03-01T12:01') },
    })
    expect(overlapping.blocking[0]?.reason.message).toContain(freeze.name)
  })

  it('ignores freezes on other services and archived freezes', async () => {
    const p = await arrangePeople()
    await arrangeFreeze({ createdById: p.admin.id, startsAt: at('2031-03-01T00:00'), endsAt: at('2031-03-02T00:00'), serviceIds: [p.other.id] })
    const archived = await arrangeFreeze({ createdById: p.admin.id, startsAt: at('2031-03-01T00:00'), endsAt: at('2031-03-02T00:00') })
    await prisma.freezePeriod.update({ where: { id: archived.id }, data: { archivedAt: new Date() } })
    const result = await prisma.$transaction((tx) => checkFreezes(tx, change({ serviceIds: [p.service.id] })))
    expect(result.blocking).toEqual([])
  })

  it('lets a SOFT freeze through only with an exception for the current fingerprint; HARD only for EMERGENCY', async () => {
    const p = await arrangePeople()
    const real = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2031-03-01T10:00'), windowEnd: at('2031-03-01T12:00'), status: 'APPROVED' })
    const soft = await arrangeFreeze({ createdById: p.admin.id, severity: 'SOFT', startsAt: at('2031-03-01T00:00'), endsAt: at('2031-03-02T00:00') })
    const hard = await arrangeFreeze({ createdById: p.admin.id, severity: 'HARD', startsAt: at('2031-03-01T11:00'), endsAt: at('2031-03-02T00:00') })
    for (const freeze of [soft, hard]) {
      await prisma.freezeException.create({
        data: {
          changeId: real.id,
          freezeId: freeze.id,
          revisionNumber: 1,
          fingerprint: real.fingerprint ?? '',
          grantedSeverity: freeze.severity,
          freezeRevision: freeze.revision,
          justification: 'Needed',
          grantedById: p.admin.id,
        },
      })
    }
    const input = { ...change({ serviceIds: [p.service.id] }), id: real.id, fingerprint: real.fingerprint ?? '' }
    const normal = await prisma.$transaction((tx) => checkFreezes(tx, input))
    expect(normal.permitted.map((v) => v.freezeId)).toEqual([soft.id])
    expect(normal.blocking.map((v) => v.freezeId)).toEqual([hard.id])
    const emergency = await prisma.$transaction((tx) => checkFreezes(tx, { ...input, type: 'EMERGENCY' }))
    expect(emergency.blocking).toEqual([])
    const edited = await prisma.$transaction((tx) => checkFreezes(tx, { ...input, fingerprint: 'a-newer-revision' }))
    expect(edited.blocking.map((v) => v.freezeId).sort()).toEqual([soft.id, hard.id].sort())
  })

  it('blocks a window on an occurrence of a recurring freeze and not between occurrences', async () => {
    const p = await arrangePeople()
    // Every Saturday 08:00–20:00 Europe/London, starting Saturday 2031-03-01 (GMT); BST from 30 March.
    await arrangeFreeze({ createdById: p.admin.id, startsAt: at('2031-03-01T08:00'), endsAt: at('2031-03-01T20:00'), timeZone: 'Europe/London', rrule: 'FREQ=WEEKLY;BYDAY=SA' })
    const check = (start: string, end: string) =>
      prisma.$transaction((tx) => checkFreezes(tx, change({ serviceIds: [p.service.id], windowStart: at(start), windowEnd: at(end) })))
    expect((await check('2031-04-05T10:00', '2031-04-05T11:00')).blocking).toHaveLength(1)
    expect((await check('2031-04-03T10:00', '2031-04-03T11:00')).blocking).toHaveLength(0)
    // After the DST change the occurrence is 08:00 BST = 07:00 UTC: 07:00–07:30 UTC is inside it.
    const afterDst = await check('2031-04-05T07:00', '2031-04-05T07:30')
    expect(afterDst.blocking[0]?.overlap).toEqual({ start: at('2031-04-05T07:00'), end: at('2031-04-05T07:30') })
    // 19:30 UTC = 20:30 BST, after that Saturday's occurrence.
    expect((await check('2031-04-05T19:30', '2031-04-05T20:00')).blocking).toHaveLength(0)
  })
})

describe('findChangeConflicts', () => {
  it('lists scheduled changes on shared services with the overlap, and counts crowding across all services', async () => {
    const p = await arrangePeople()
    const mine = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2031-05-01T10:00'), windowEnd: at('2031-05-01T14:00'), status: 'APPROVED' })
    const clash = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id, p.other.id], windowStart: at('2031-05-01T13:00'), windowEnd: at('2031-05-01T16:00') })
    await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2031-05-01T14:00'), windowEnd: at('2031-05-01T15:00') })
    await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.other.id], windowStart: at('2031-05-01T09:00'), windowEnd: at('2031-05-01T11:00'), status: 'IN_PROGRESS' })
    await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2031-05-01T09:00'), windowEnd: at('2031-05-01T11:00'), status: 'APPROVED' })
    const result = await prisma.$transaction((tx) =>
      findChangeConflicts(tx, { id: mine.id, windowStart: mine.windowStart!, windowEnd: mine.windowEnd!, serviceIds: [p.service.id] }),
    )
    expect(result.conflicts).toEqual([
      { id: clash.id, number: `CHG-${String(clash.number).padStart(6, '0')}`, serviceNames: [p.service.name], overlap: { start: at('2031-05-01T13:00'), end: at('2031-05-01T14:00') } },
    ])
    expect(result.crowding).toEqual({ count: 3, exceeded: false, threshold: 3 })
  })
})
