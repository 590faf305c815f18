// Shared builders for domain tests (not imported by production code).
import type { MaterialContent } from './material'
import type { TransitionSubject } from './transition-table'
import type { Actor, Role } from '../shared/types'

export const NOW = new Date('2026-06-01T12:00:00.000Z')

export function material(overrides: Partial<MaterialContent> = {}): MaterialContent {
  return {
    purpose: 'Upgrade the payments database to PostgreSQL 17 for security fixes.',
    currentState: 'Payments runs PostgreSQL 15.4 on two nodes.',
    futureState: 'Payments runs PostgreSQL 17.1 on two nodes.',
    implementationPlan: '1. Fail over\n2. Upgrade replica\n   - run pg_upgrade\n3. Fail back',
    rollbackPlan: 'Fail back to the untouched primary within 10 minutes.',
    monitoringPlan: 'Watch error rate and replication lag dashboards for 1 hour.',
    testEvidence: 'Rehearsed on staging on 2026-05-20.',
    communicationPlan: 'Status page notice 24h before.',
    impactDescription: 'Up to 30 seconds of read-only mode for payments.',
    type: 'NORMAL',
    riskLevel: 'MEDIUM',
    windowStart: '2026-06-10T22:00:00.000Z',
    windowEnd: '2026-06-11T00:00:00.000Z',
    serviceIds: ['svc-payments', 'svc-db'],
    ...overrides,
  }
}

export function subject(overrides: Partial<TransitionSubject> = {}): TransitionSubject {
  const content = material()
  return {
    ...content,
    title: 'Upgrade payments DB',
    windowStart: new Date(content.windowStart ?? ''),
    windowEnd: new Date(content.windowEnd ?? ''),
    requesterId: 'u-req',
    status: 'DRAFT',
    approverIds: ['u-appr'],
    revision: 0,
    fingerprint: null,
    ...overrides,
  }
}

export function actor(id: string, ...roles: Role[]): Actor {
  return { id, name: `User ${id}`, roles }
}
