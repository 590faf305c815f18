import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type PgBoss from 'pg-boss'
import { prisma } from '@/lib/server/db'
import { QUEUES } from '@/lib/server/jobs/queue'
import { startJobs } from '@/lib/server/jobs/start'
import { cast, factoryChange } from './change-requests-support'

/** The notices-timed queue as startJobs sets it up: created, on a five-minute cron, and its worker sends the due notices. */
describe('the notices-timed job', () => {
  let jobs: { boss: PgBoss; stop: () => Promise<void> }

  beforeAll(async () => {
    jobs = await startJobs({ connectionString: process.env.DATABASE_URL, send: null, pollingIntervalSeconds: 0.5 })
  })

  afterAll(async () => {
    await jobs?.stop()
  })

  it('is scheduled every five minutes, and a run sends what is due', async () => {
    expect(await jobs.boss.getQueue(QUEUES.timedNotices)).toBeTruthy()
    const schedules = await jobs.boss.getSchedules()
    expect(schedules.find((s) => s.name === QUEUES.timedNotices)?.cron).toBe('*/5 * * * *')

    const { requester, payments } = await cast()
    const start = new Date(Date.now() + 30 * 60_000)
    const change = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'SCHEDULED', windowStart: start, windowEnd: new Date(start.getTime() + 3_600_000) })
    await jobs.boss.send(QUEUES.timedNotices, {})
    const deadline = Date.now() + 30_000
    let count = 0
    while (Date.now() < deadline && count === 0) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      count = await prisma.mailMessage.count({ where: { changeId: change.id, kind: 'window-starting', recipientId: requester.id } })
    }
    expect(count).toBe(1)
  })
})
