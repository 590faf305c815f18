import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { createFreeze, updateFreeze } from '@/lib/server/freezes/save-freeze'
import { ZCreateFreezeInput, ZUpdateFreezeInput } from '@/lib/server/freezes/schemas'
import { sendTimedNotices } from '@/lib/server/notifications/timed-notices'
import { createService } from '@/tests/factories'
import { actorWith, cast, factoryChange } from './change-requests-support'

// Every test works in its own year, so the changes and freezes of one test are
// far outside the horizons of another's `now` (they share one database).
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms)

/** Who got a notice about this change (in-app), and who got its e-mail, by kind. */
async function noticesOf(changeId: string, kind: string) {
  const mails = await prisma.mailMessage.findMany({ where: { changeId, kind }, select: { recipientId: true, subject: true, text: true } })
  const kindMailIds = new Set(mails.map((m) => m.recipientId))
  const notifications = await prisma.notification.findMany({ where: { changeId }, select: { userId: true, message: true } })
  return {
    mailedTo: mails.map((m) => m.recipientId).sort(),
    mails,
    notified: notifications.filter((n) => kindMailIds.has(n.userId)).map((n) => n.userId).sort(),
    messages: notifications.map((n) => n.message),
  }
}

describe('timed notices about changes', () => {
  it('sign-off reminder to the approvers who have not signed, then escalation to the change managers, each once', async () => {
    const { requester, avery, blake, manager, payments, queue } = await cast()
    const start = new Date('2031-02-10T09:00:00Z')
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id, queue.id], status: 'SUBMITTED', windowStart: start, windowEnd: plus(start, 2 * HOUR) })
    // Avery has decided on the current fingerprint; Blake has not.
    await prisma.signOff.create({
      data: { changeId: change.id, approverId: avery.id, decision: 'APPROVED', statement: 'Reviewed the plans.', signature: avery.name, revisionNumber: 1, fingerprint: change.fingerprint ?? '' },
    })

    // Outside the horizon: nothing.
    expect(await sendTimedNotices(plus(start, -25 * HOUR))).toBe(0)
    expect(await prisma.notification.count({ where: { changeId: change.id } })).toBe(0)

    expect(await sendTimedNotices(plus(start, -10 * HOUR))).toBe(1)
    const reminder = await noticesOf(change.id, 'sign-off-reminder')
    expect(reminder.mailedTo).toEqual([blake.id])
    expect(reminder.notified).toEqual([blake.id])
    expect(reminder.mails[0]?.subject).toContain(change.displayNumber)
    expect(reminder.mails[0]?.text).toContain(`/changes/${change.id}`)
    expect(reminder.messages[0]).toBe(`Reminder: your sign-off on ${change.displayNumber} “${(await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).title}” is still needed; its window starts in about 10 hours.`)
    // Five minutes later, the next run: nothing new.
    expect(await sendTimedNotices(plus(start, -10 * HOUR + 5 * MIN))).toBe(0)

    // Within SIGNOFF_ESCALATION_HOURS (4): the change managers, naming who has not signed; the reminder is not repeated.
    expect(await sendTimedNotices(plus(start, -3 * HOUR))).toBe(1)
    const escalation = await noticesOf(change.id, 'sign-off-escalation')
    expect(escalation.mailedTo).toContain(manager.id)
    expect(escalation.mailedTo).not.toContain(blake.id)
    expect(escalation.mailedTo).not.toContain(requester.id)
    expect(escalation.mails[0]?.text).toContain(`still lacks sign-offs from: ${blake.name}`)
    expect((await noticesOf(change.id, 'sign-off-reminder')).mailedTo).toEqual([blake.id])
    expect(await sendTimedNotices(plus(start, -2 * HOUR))).toBe(0)
  })

  it('a fully signed change gets no reminder, and a revision (new fingerprint) is reminded again', async () => {
    const { requester, avery, payments } = await cast()
    const start = new Date('2032-02-10T09:00:00Z')
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'SUBMITTED', windowStart: start, windowEnd: plus(start, HOUR) })
    expect(await sendTimedNotices(plus(start, -20 * HOUR))).toBe(1)
    await prisma.changeRequest.update({ where: { id: change.id }, data: { fingerprint: 'e'.repeat(64), revision: 2 } })
    expect(await sendTimedNotices(plus(start, -19 * HOUR))).toBe(1)
    expect((await noticesOf(change.id, 'sign-off-reminder')).mailedTo).toEqual([avery.id, avery.id])
    await prisma.signOff.create({
      data: { changeId: change.id, approverId: avery.id, decision: 'APPROVED', statement: 'Reviewed the plans.', signature: avery.name, revisionNumber: 2, fingerprint: 'e'.repeat(64) },
    })
    expect(await sendTimedNotices(plus(start, -2 * HOUR))).toBe(0)
  })

  it('window starting soon: the requester, approvers and watchers, once even when two runs race', async () => {
    const { requester, avery, blake, payments, queue } = await cast()
    const watcher = await actorWith(['REQUESTER'])
    const serviceWatcher = await actorWith(['REQUESTER'])
    const start = new Date('2033-03-29T08:00:00Z')
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id, queue.id], status: 'SCHEDULED', windowStart: start, windowEnd: plus(start, 2 * HOUR) })
    await prisma.changeWatch.create({ data: { changeId: change.id, userId: watcher.id } })
    await prisma.serviceWatch.create({ data: { serviceId: queue.id, userId: serviceWatcher.id } })

    expect(await sendTimedNotices(plus(start, -61 * MIN))).toBe(0)
    const now = plus(start, -45 * MIN)
    const runs = await Promise.all([sendTimedNotices(now), sendTimedNotices(now), sendTimedNotices(now)])
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1)
    const notice = await noticesOf(change.id, 'window-starting')
    expect(notice.mailedTo).toEqual([requester.id, avery.id, blake.id, watcher.id, serviceWatcher.id].sort())
    expect(notice.notified).toEqual(notice.mailedTo)
    expect(notice.messages[0]).toMatch(/starts in 45 minutes\.$/)
    expect(await sendTimedNotices(plus(start, -10 * MIN))).toBe(0)
    expect(await prisma.timedNoticeSent.count({ where: { key: { startsWith: `window-starting:${change.id}:` } } })).toBe(1)
  })

  it('planned start passed without a start: the requester and the change managers, after START_GRACE_MINUTES', async () => {
    const { requester, avery, manager, payments } = await cast()
    const start = new Date('2034-05-01T22:00:00Z')
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'SCHEDULED', windowStart: start, windowEnd: plus(start, 3 * HOUR) })
    expect(await sendTimedNotices(plus(start, 10 * MIN))).toBe(0)
    expect(await sendTimedNotices(plus(start, 20 * MIN))).toBe(1)
    const notice = await noticesOf(change.id, 'start-missed')
    expect(notice.mailedTo).toContain(requester.id)
    expect(notice.mailedTo).toContain(manager.id)
    expect(notice.mailedTo).not.toContain(avery.id)
    expect(notice.messages[0]).toMatch(/was planned to start 20 minutes ago and has not been started\.$/)
    await Promise.all([sendTimedNotices(plus(start, 25 * MIN)), sendTimedNotices(plus(start, 25 * MIN))])
    expect((await noticesOf(change.id, 'start-missed')).mailedTo).toEqual(notice.mailedTo)
  })

  it('overrun: still in progress past the window end, to the requester, change managers and watchers', async () => {
    const { requester, avery, manager, payments } = await cast()
    const watcher = await actorWith(['APPROVER'])
    const start = new Date('2035-11-01T05:00:00Z')
    const end = plus(start, 2 * HOUR)
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'IN_PROGRESS', windowStart: start, windowEnd: end })
    await prisma.changeWatch.create({ data: { changeId: change.id, userId: watcher.id } })
    expect(await sendTimedNotices(plus(end, -MIN))).toBe(0)
    expect(await sendTimedNotices(plus(end, 30 * MIN))).toBe(1)
    expect(await sendTimedNotices(plus(end, 35 * MIN))).toBe(0)
    const notice = await noticesOf(change.id, 'overrun')
    expect(notice.mailedTo).toEqual(expect.arrayContaining([requester.id, manager.id, watcher.id]))
    expect(notice.mailedTo).not.toContain(avery.id)
    // Long after the look-back a forgotten change no longer fires (the scan is bounded).
    const old = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'IN_PROGRESS', windowStart: plus(start, -10 * DAY), windowEnd: plus(start, -9 * DAY) })
    expect(await sendTimedNotices(plus(end, 40 * MIN))).toBe(0)
    expect(await prisma.notification.count({ where: { changeId: old.id } })).toBe(0)
  })

  it('post-implementation review due REVIEW_DUE_DAYS after the outcome, for every outcome; never once closed', async () => {
    const { requester, manager, payments } = await cast()
    const finished = new Date('2036-06-10T12:00:00Z')
    const made = []
    for (const status of ['COMPLETED', 'ROLLED_BACK', 'FAILED', 'CLOSED'] as const) {
      const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status, windowStart: plus(finished, -2 * HOUR), windowEnd: finished })
      await prisma.changeRequest.update({ where: { id: change.id }, data: { startedAt: plus(finished, -2 * HOUR), finishedAt: finished } })
      made.push({ status, id: change.id })
    }
    expect(await sendTimedNotices(plus(finished, 3 * DAY - MIN))).toBe(0)
    expect(await sendTimedNotices(plus(finished, 3 * DAY + HOUR))).toBe(3)
    expect(await sendTimedNotices(plus(finished, 3 * DAY + 2 * HOUR))).toBe(0)
    for (const { status, id } of made) {
      const notice = await noticesOf(id, 'review-due')
      if (status === 'CLOSED') expect(notice.mailedTo).toEqual([])
      else expect(notice.mailedTo).toEqual(expect.arrayContaining([requester.id, manager.id]))
    }
  })

  it('deactivated recipients and cancelled changes hear nothing', async () => {
    const { requester, payments } = await cast()
    const start = new Date('2037-01-15T10:00:00Z')
    const cancelled = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'CANCELLED', windowStart: start, windowEnd: plus(start, HOUR) })
    const approved = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'APPROVED', windowStart: start, windowEnd: plus(start, HOUR) })
    expect(await sendTimedNotices(plus(start, -30 * MIN))).toBe(0)
    expect(await sendTimedNotices(plus(start, 30 * MIN))).toBe(0)
    expect(await prisma.notification.count({ where: { changeId: { in: [cancelled.id, approved.id] } } })).toBe(0)
  })
})

describe('freeze notices', () => {
  async function people() {
    const admin = await actorWith(['ADMIN'])
    const london = await actorWith(['APPROVER'], { timeZone: 'Europe/London' })
    const newYork = await actorWith(['APPROVER'], { timeZone: 'America/New_York' })
    const londonService = await createService({ ownerId: london.id })
    const newYorkService = await createService({ ownerId: newYork.id })
    return { admin, london, newYork, londonService, newYorkService }
  }
  const freezeMails = (userId: string) => prisma.mailMessage.findMany({ where: { recipientId: userId, kind: 'freeze' }, orderBy: { createdAt: 'asc' }, select: { text: true, changeId: true } })
  const freezeNotices = (userId: string) => prisma.notification.findMany({ where: { userId }, orderBy: { createdAt: 'asc' }, select: { message: true, changeId: true } })

  const fields = (over: Record<string, unknown>) => ({
    name: 'Quarter-end close',
    reason: 'Finance closes the books; nothing may move.',
    startsAtLocal: '2038-03-27T18:00',
    endsAtLocal: '2038-03-28T18:00',
    timeZone: 'Europe/London',
    scope: 'SELECTED_SERVICES',
    severity: 'HARD',
    rrule: '',
    ...over,
  })

  it('declared: the owners of the services in scope, the window in each one’s zone, with no change', async () => {
    const { admin, london, newYork, londonService } = await people()
    await createFreeze(admin, ZCreateFreezeInput.parse(fields({ serviceIds: [londonService.id] })))
    const [notice] = await freezeNotices(london.id)
    expect(notice?.changeId).toBeNull()
    // 2038-03-28 is the UK clock change: both offsets are named.
    expect(notice?.message).toBe(
      'HARD freeze “Quarter-end close” declared: 2038-03-27 18:00 (Europe/London, GMT) – 2038-03-28 18:00 (Europe/London, GMT+1). Changes to your services cannot be scheduled in it (emergencies need an exception).',
    )
    expect((await freezeMails(london.id)).map((m) => m.changeId)).toEqual([null])
    expect(await freezeNotices(newYork.id)).toEqual([])
    expect(await freezeNotices(admin.id)).toEqual([])
  })

  it('changed: the owners in scope now hear the new window, the owners it no longer covers hear that; all-services means every active owner', async () => {
    const { admin, london, newYork, londonService, newYorkService } = await people()
    const { id } = await createFreeze(admin, ZCreateFreezeInput.parse(fields({ startsAtLocal: '2038-06-01T00:00', endsAtLocal: '2038-06-02T00:00', serviceIds: [londonService.id] })))
    await updateFreeze(admin, ZUpdateFreezeInput.parse({ id, ...fields({ startsAtLocal: '2038-06-01T00:00', endsAtLocal: '2038-06-03T00:00', serviceIds: [newYorkService.id] }) }))
    const ny = await freezeNotices(newYork.id)
    expect(ny.map((n) => n.message)).toEqual([
      'HARD freeze “Quarter-end close” changed; it now covers 2038-05-31 19:00 – 2038-06-02 19:00 (America/New_York, GMT-4). Changes to your services cannot be scheduled in it (emergencies need an exception).',
    ])
    expect((await freezeNotices(london.id)).map((n) => n.message)).toEqual([
      expect.stringContaining('declared: 2038-06-01 00:00 – 2038-06-02 00:00 (Europe/London, GMT+1)'),
      expect.stringContaining('changed and no longer covers your services'),
    ])

    const other = await actorWith(['APPROVER'])
    await createService({ ownerId: other.id })
    await createFreeze(admin, ZCreateFreezeInput.parse(fields({ name: 'Everything', startsAtLocal: '2038-08-01T00:00', endsAtLocal: '2038-08-02T00:00', scope: 'ALL_SERVICES' })))
    for (const owner of [london, newYork, other]) {
      expect((await freezeNotices(owner.id)).some((n) => n.message.startsWith('HARD freeze “Everything” declared'))).toBe(true)
    }
  })

  it('starting: each occurrence within 24 hours, once per occurrence start, to the owners in scope', async () => {
    const { admin, london, newYork, londonService } = await people()
    // Every Friday 18:00 → Monday 06:00 London time, from 2039-01-07.
    await createFreeze(
      admin,
      ZCreateFreezeInput.parse(fields({ name: 'Weekend', startsAtLocal: '2039-01-07T18:00', endsAtLocal: '2039-01-10T06:00', rrule: 'FREQ=WEEKLY;COUNT=3', serviceIds: [londonService.id], severity: 'SOFT' })),
    )
    const first = new Date('2039-01-07T18:00:00Z')
    const before = (await freezeNotices(london.id)).length
    expect(await sendTimedNotices(plus(first, -25 * HOUR))).toBe(0)
    const runs = await Promise.all([sendTimedNotices(plus(first, -6 * HOUR)), sendTimedNotices(plus(first, -6 * HOUR))])
    expect(runs[0] + runs[1]).toBe(1)
    expect(await sendTimedNotices(plus(first, -HOUR))).toBe(0)
    // The next week's occurrence is a new one.
    expect(await sendTimedNotices(plus(first, 7 * DAY - 2 * HOUR))).toBe(1)
    const notices = (await freezeNotices(london.id)).slice(before).map((n) => n.message)
    expect(notices).toEqual([
      'SOFT freeze “Weekend” starts in about 6 hours: 2039-01-07 18:00 – 2039-01-10 06:00 (Europe/London, GMT). Changes to your services need a freeze exception to be scheduled in it.',
      'SOFT freeze “Weekend” starts in about 2 hours: 2039-01-14 18:00 – 2039-01-17 06:00 (Europe/London, GMT). Changes to your services need a freeze exception to be scheduled in it.',
    ])
    expect((await freezeNotices(newYork.id)).length).toBe(0)
  })
})
