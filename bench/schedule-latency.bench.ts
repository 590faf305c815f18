/**
 * The scheduling use case in-process (no HTTP): schedules up to 200 approved
 * future changes as the demo change manager on DATABASE_URL and writes
 * { p50, p95, runs, scheduled, refused } as JSON to $BENCH_SCHEDULE_OUT. Run by bench/http.ts
 * through vitest (bench/vitest.config.ts), which loads server-only modules
 * the way the integration tests do. It measures; it asserts nothing.
 */
import { writeFileSync } from 'node:fs'
import { test } from 'vitest'
import { prisma } from '../lib/server/db'
import { loadChange } from '../lib/server/lifecycle/change'
import { evaluateGate } from '../lib/server/lifecycle/gate'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import { ZScheduleChangeInput, type TScheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { isAppError } from '../lib/server/errors'
import { timeIt } from './measure'

test('scheduling use case, in-process', async () => {
  const manager = await prisma.user.findFirstOrThrow({ where: { email: 'manager@example.com' }, select: { id: true, name: true, roles: true, timeZone: true } })
  const candidates = await prisma.changeRequest.findMany({
    where: { status: 'APPROVED', windowStart: { gt: new Date(Date.now() + 86_400_000) }, requesterId: { not: manager.id } },
    orderBy: { windowStart: 'asc' },
    take: 200,
    select: { id: true },
  })
  // Acknowledge what the scheduler would have seen on the page, outside the timing.
  const inputs: TScheduleChangeInput[] = []
  for (const { id } of candidates) {
    const { conflicts } = await evaluateGate(prisma, await loadChange(prisma, id), { now: new Date() })
    inputs.push(ZScheduleChangeInput.parse({ changeId: id, acknowledgedConflictIds: conflicts.map((c) => c.id), acknowledgeCrowding: true }))
  }
  let scheduled = 0
  let refused = 0
  const schedule = async (input: TScheduleChangeInput | undefined) => {
    if (!input) return
    try {
      await scheduleChange(manager, input)
      scheduled++
    } catch (error) {
      if (!isAppError(error)) throw error
      refused++
    }
  }
  // The first calls load modules and warm the connection pool; they are not the use case's steady cost.
  const warmUp = Math.min(10, Math.floor(inputs.length / 4))
  for (const input of inputs.slice(0, warmUp)) await schedule(input)
  const timed = inputs.slice(warmUp)
  const timing = await timeIt(timed.length, (i) => schedule(timed[i]))
  writeFileSync(process.env.BENCH_SCHEDULE_OUT ?? 'schedule-latency.json', JSON.stringify({ p50: timing.p50Ms, p95: timing.p95Ms, runs: timing.runs, scheduled, refused }))
  await prisma.$disconnect()
})
