// The metrics report is computed once every five minutes for every reader of the same
// period, filters and time zone (loadMetrics), and afresh by computeMetrics.
import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { computeMetrics, loadMetrics, METRICS_FRESH_MS } from '@/lib/server/metrics/load-metrics'
import { ZMetricsInput } from '@/lib/server/metrics/schemas'
import { createService } from '@/tests/factories'
import { createChange } from '@/tests/factories/change-requests'
import { actorWith } from './change-requests-support'

const MARCH = { period: 'custom', from: '2024-03-01', to: '2024-03-31' }

async function completedInMarch(requesterId: string, serviceId: string) {
  const change = await createChange(prisma, { requesterId, serviceIds: [serviceId], status: 'COMPLETED' })
  await prisma.auditEvent.create({
    data: { changeId: change.id, entityType: 'change', entityId: change.id, actorId: requesterId, action: 'change.completed', at: new Date('2024-03-10T10:00:00Z'), toStatus: 'COMPLETED', details: {} },
  })
}

describe('the shared metrics report', () => {
  it('is computed once for two readers within five minutes, shows when, and is recomputed once it is older', async () => {
    const [manager, otherManager, requester, owner] = await Promise.all([
      actorWith(['CHANGE_MANAGER']),
      actorWith(['CHANGE_MANAGER']),
      actorWith(['REQUESTER']),
      actorWith(['APPROVER']),
    ])
    const service = await createService({ ownerId: owner.id })
    const input = ZMetricsInput.parse({ ...MARCH, serviceId: service.id })
    const t0 = new Date()
    await completedInMarch(requester.id, service.id)

    const first = await loadMetrics(manager, input, t0)
    expect(first.outcomes.total.completed).toBe(1)
    expect(first.computedAt).toBe(t0.toISOString())

    await completedInMarch(requester.id, service.id)
    // Another reader within the fresh window gets the same report; computeMetrics sees the second outcome at once.
    const shared = await loadMetrics(otherManager, input, new Date(t0.getTime() + 1000))
    expect(shared.computedAt).toBe(first.computedAt)
    expect(shared.outcomes.total.completed).toBe(1)
    expect((await computeMetrics(manager, input)).outcomes.total.completed).toBe(2)

    // Once it is older: the older report is served once more while a newer one is computed, then the newer one.
    const later = new Date(t0.getTime() + METRICS_FRESH_MS + 1000)
    expect((await loadMetrics(manager, input, later)).outcomes.total.completed).toBe(1)
    await expect.poll(async () => (await loadMetrics(manager, input, new Date(later.getTime() + 1000))).outcomes.total.completed).toBe(2)
  })

  it('refuses a bad custom range before sharing anything', async () => {
    const manager = await actorWith(['CHANGE_MANAGER'])
    await expect(loadMetrics(manager, ZMetricsInput.parse({ period: 'custom', from: '2024-03-31', to: '2024-03-01' }))).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})
