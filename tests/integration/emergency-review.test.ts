import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { reviewChange } from '@/lib/server/lifecycle/transition'
import { loadEmergencyWatch, computeMetrics } from '@/lib/server/metrics/load-metrics'
import { ZMetricsInput } from '@/lib/server/metrics/schemas'
import { sendTimedNotices } from '@/lib/server/notifications/timed-notices'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { createService } from '@/tests/factories'
import { actorWith, cast, factoryChange, failureCode, rowOf } from './change-requests-support'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const ago = (ms: number, from = Date.now()) => new Date(from - ms)

/** An emergency change that ran `daysAgo` days ago (a one-hour window) and ended in `status`. */
async function ranEmergency(requesterId: string, serviceId: string, daysAgo: number, status: 'COMPLETED' | 'FAILED' | 'ROLLED_BACK' | 'IN_PROGRESS' = 'COMPLETED') {
  const windowStart = ago(daysAgo * DAY + HOUR)
  const finishedAt = ago(daysAgo * DAY)
  const change = await factoryChange({
    requesterId,
    serviceIds: [serviceId],
    status,
    type: 'EMERGENCY',
    windowStart,
    windowEnd: finishedAt,
    timeline: { startedAt: windowStart, finishedAt },
  })
  return change
}

describe('emergency changes overdue for their retrospective review', () => {
  it('are listed on the change managers’ dashboard and counted in the metrics, by the one definition', async () => {
    const { requester, manager, payments } = await cast()
    const before = await loadEmergencyWatch(manager)
    // The dashboard's 30-day share is the metrics' own figure (shared for a few minutes, so compared at the same moment).
    expect((await computeMetrics(manager, ZMetricsInput.parse({ period: '30' }))).governance.emergency).toEqual(before.share)
    const overdue = await ranEmergency(requester.id, payments.id, 5)
    const notYet = await ranEmergency(requester.id, payments.id, 2)
    // Still in progress five days after its window ended: as overdue as a recorded outcome.
    const forgotten = await ranEmergency(requester.id, payments.id, 5, 'IN_PROGRESS')
    const normal = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'COMPLETED', windowStart: ago(6 * DAY), windowEnd: ago(5 * DAY), timeline: { finishedAt: ago(5 * DAY) } })

    const watch = await loadEmergencyWatch(manager)
    expect(watch.overdue.count).toBe(before.overdue.count + 2)
    const listed = watch.overdue.changes.map((c) => c.id)
    expect(listed).toEqual(expect.arrayContaining([overdue.id, forgotten.id]))
    expect(listed).not.toContain(notYet.id)
    expect(listed).not.toContain(normal.id)
    expect(watch.overdue.reviewDueDays).toBe(3)
    const due = watch.overdue.changes.find((c) => c.id === overdue.id)?.dueAt
    expect(new Date(due ?? 0).getTime()).toBeCloseTo(Date.now() - 2 * DAY, -5)

    const metrics = await computeMetrics(manager, ZMetricsInput.parse({ period: '30' }))
    expect(metrics.governance.emergencyOverdueReview.count).toBe(watch.overdue.count)
    // Only those who run the board see it.
    expect(await failureCode(() => loadEmergencyWatch(requester))).toBe('FORBIDDEN')

    // Reviewed: off the list at once.
    await reviewChange(manager, { changeId: overdue.id, notes: 'It was a real outage; alerting now catches it earlier.' })
    expect((await loadEmergencyWatch(manager)).overdue.changes.map((c) => c.id)).not.toContain(overdue.id)
  })

  it('escalate once to the change managers and the requester, by mandatory e-mail; an emergency gets no ordinary review-due', async () => {
    const { requester, manager, payments } = await cast()
    const optedOut = await actorWith(['CHANGE_MANAGER'])
    await prisma.mailPreference.create({ data: { userId: optedOut.id, kind: 'emergency-review-overdue', email: false } })
    const finished = new Date('2038-03-26T12:00:00Z')
    const change = await factoryChange({
      requesterId: requester.id,
      serviceIds: [payments.id],
      status: 'COMPLETED',
      type: 'EMERGENCY',
      windowStart: ago(HOUR, finished.getTime()),
      windowEnd: finished,
      timeline: { startedAt: ago(HOUR, finished.getTime()), finishedAt: finished },
    })
    const at = (ms: number) => new Date(finished.getTime() + ms)
    expect(await sendTimedNotices(at(3 * DAY))).toBe(0)
    expect(await sendTimedNotices(at(3 * DAY + HOUR))).toBe(1)
    expect(await sendTimedNotices(at(3 * DAY + 2 * HOUR))).toBe(0)
    expect(await sendTimedNotices(at(5 * DAY))).toBe(0)
    const mails = await prisma.mailMessage.findMany({ where: { changeId: change.id }, select: { kind: true, recipientId: true, text: true } })
    expect(new Set(mails.map((m) => m.kind))).toEqual(new Set(['emergency-review-overdue']))
    expect(mails.map((m) => m.recipientId)).toEqual(expect.arrayContaining([requester.id, manager.id, optedOut.id]))
    expect(mails[0]?.text).toContain('cannot be closed without it')
  })
})

describe('closing an emergency change', () => {
  it('is refused without a written retrospective, in the use case and in the database', async () => {
    const { requester, manager, payments } = await cast()
    const change = await ranEmergency(requester.id, payments.id, 1)
    await expect(reviewChange(manager, { changeId: change.id, notes: 'Done.' })).rejects.toMatchObject({
      code: 'REFUSED',
      details: { reasons: [expect.objectContaining({ code: 'emergency-review-required' })] },
    })
    expect(await rowOf(change.id)).toMatchObject({ status: 'COMPLETED', reviewedAt: null })
    // The floor under it: no write closes an emergency change without a recorded review.
    await expect(prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'CLOSED' } })).rejects.toThrow(/ChangeRequest_emergency_closed_with_review/)
    await expect(prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'CLOSED', reviewNotes: '  ', reviewedAt: new Date() } })).rejects.toThrow(
      /ChangeRequest_emergency_closed_with_review/,
    )
    await reviewChange(manager, { changeId: change.id, notes: 'Justified: the queue was down for every customer.' })
    expect(await rowOf(change.id)).toMatchObject({ status: 'CLOSED', reviewNotes: 'Justified: the queue was down for every customer.' })
  })
})

describe('submitting an emergency change', () => {
  it('tells the owners of the affected services, their watchers and the change managers at once, by mandatory e-mail, with the purpose and the window in each one’s zone', async () => {
    const requester = await actorWith(['REQUESTER'])
    const owner = await actorWith(['APPROVER'], { timeZone: 'Asia/Tokyo' })
    const manager = await actorWith(['CHANGE_MANAGER', 'APPROVER'])
    const watcher = await actorWith(['REQUESTER'])
    const bystander = await actorWith(['APPROVER'])
    const service = await createService({ ownerId: owner.id })
    await createService({ ownerId: bystander.id })
    await prisma.serviceWatch.create({ data: { serviceId: service.id, userId: watcher.id } })
    // The owner turned off optional mail for this kind before it was mandatory: it still comes.
    await prisma.mailPreference.create({ data: { userId: owner.id, kind: 'emergency-created', email: false } })
    const start = new Date(Date.now() + 2 * HOUR)
    const draft = await factoryChange({
      requesterId: requester.id,
      serviceIds: [service.id],
      type: 'EMERGENCY',
      windowStart: start,
      windowEnd: new Date(start.getTime() + HOUR),
      text: { purpose: 'Card payments fail for every customer since the certificate expired.' },
    })
    await submitChange(requester, { ref: { changeId: draft.id, version: draft.version } })

    const told = await prisma.notification.findMany({ where: { changeId: draft.id, message: { contains: 'emergency change' } }, select: { userId: true, message: true } })
    // (Change managers made by other tests in this file's database are told too.)
    const toldIds = told.map((n) => n.userId)
    expect(toldIds).toEqual(expect.arrayContaining([owner.id, manager.id, watcher.id]))
    expect(toldIds).not.toContain(bystander.id)
    expect(toldIds).not.toContain(requester.id)
    expect(told[0]?.message).toContain('Why it cannot wait: Card payments fail for every customer')
    const mails = await prisma.mailMessage.findMany({ where: { changeId: draft.id, kind: 'emergency-created' }, select: { recipientId: true, status: true, text: true } })
    expect(mails.map((m) => m.recipientId).sort()).toEqual([...toldIds].sort())
    expect(mails.every((m) => m.status === 'QUEUED')).toBe(true)
    const ownersMail = mails.find((m) => m.recipientId === owner.id)?.text ?? ''
    expect(ownersMail).toContain('Card payments fail for every customer since the certificate expired.')
    expect(ownersMail).toMatch(/Window: .*Asia\/Tokyo/)
  })

  it('tells nobody of a normal change this way', async () => {
    const { requester, payments } = await cast()
    const draft = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id] })
    await submitChange(requester, { ref: { changeId: draft.id, version: draft.version } })
    expect(await prisma.mailMessage.count({ where: { changeId: draft.id, kind: 'emergency-created' } })).toBe(0)
  })
})
