import { fingerprintOf } from '../lib/domain/change-request/fingerprint'
import type { MaterialContent } from '../lib/domain/change-request/material'
import { findFreezeConflicts } from '../lib/domain/freeze/check'
import type { FreezeDefinition } from '../lib/domain/freeze/recurrence'
import { report, timeIt } from './measure'

/** Pure hot paths: fingerprinting a large change, and the exact freeze check with recurring freezes. */
export async function benchDomain(): Promise<void> {
  const plan = Array.from({ length: 200 }, (_, i) => `${i + 1}. Step ${i + 1}: drain node ${i}, upgrade, verify health checks`).join('\n')
  const content: MaterialContent = {
    purpose: 'Upgrade the payments database to the next major version for security support.',
    currentState: 'PostgreSQL 15 primary with two replicas.',
    futureState: 'PostgreSQL 18 primary with two replicas.',
    implementationPlan: plan,
    rollbackPlan: plan,
    monitoringPlan: 'Watch error rate, replication lag and p95 latency for 2 hours.',
    testEvidence: 'Two million transactions replayed in staging and compared.',
    communicationPlan: 'Status page and #payments channel before, during and after.',
    impactDescription: 'Payments read-only for up to 10 minutes.',
    type: 'NORMAL',
    riskLevel: 'HIGH',
    windowStart: '2027-03-27T22:00:00.000Z',
    windowEnd: '2027-03-28T04:00:00.000Z',
    serviceIds: ['b', 'a', 'c'],
  }
  report(`fingerprint of a change with a 200-step plan (${Math.round(JSON.stringify(content).length / 1024)} KiB)`, await timeIt(5_000, () => fingerprintOf(content)))

  const freezes: FreezeDefinition[] = Array.from({ length: 50 }, (_, i) => ({
    id: `f${i}`,
    name: `Month-end close ${i}`,
    severity: i % 2 ? 'HARD' : 'SOFT',
    startsAt: new Date(Date.UTC(2026, 0, 30, 0, 0)),
    endsAt: new Date(Date.UTC(2026, 0, 30, 23, 59)),
    timeZone: i % 2 ? 'Europe/London' : 'America/New_York',
    rrule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    allServices: i % 3 === 0,
    serviceIds: ['a'],
  }))
  const window = { start: new Date('2027-03-31T20:00:00Z'), end: new Date('2027-04-01T02:00:00Z') }
  report('exact freeze check: 50 recurring (monthly) freezes in scope', await timeIt(500, () => findFreezeConflicts({ window, serviceIds: ['a'], freezes })))
}
