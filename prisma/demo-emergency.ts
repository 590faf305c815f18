/**
 * The emergency path on first start (issue 13): an emergency change inside a
 * SOFT freeze that its requester justified in writing, so the change page
 * shows the justification and a passing freeze check. (The overdue emergency
 * review on the change managers' dashboard is already in the demo history:
 * "Patch the payments gateway TLS library", prisma/demo-changes.ts.)
 */
import type { PrismaClient } from '../lib/generated/prisma/client'
import { createChange, type ChangeFactoryDb } from '../tests/factories/change-requests'

type Ids = { requester: string; admin: string; services: Map<string, string> }

const DAY = 86_400_000

/** `days` from now at `hour`:00 UTC. */
function at(days: number, hour: number): Date {
  const date = new Date(Date.now() + days * DAY)
  date.setUTCHours(hour, 0, 0, 0)
  return date
}

export async function seedDemoEmergency(db: ChangeFactoryDb & Pick<PrismaClient, 'freezePeriod' | 'freezeException'>, ids: Ids): Promise<void> {
  const queue = ids.services.get('Message Queue')
  if (!queue) throw new Error('Demo service Message Queue missing')
  // Clear of every scheduled demo window, so the demo starts consistent with the invariant.
  const freeze = await db.freezePeriod.create({
    data: {
      name: 'Event bus migration freeze',
      reason: 'The event bus moves to new brokers: only urgent fixes on the queue.',
      startsAt: at(4, 6),
      endsAt: at(7, 0),
      activeUntil: at(7, 0),
      timeZone: 'UTC',
      scope: 'SELECTED_SERVICES',
      severity: 'SOFT',
      createdById: ids.admin,
      services: { create: [{ serviceId: queue }] },
    },
  })
  const change = await createChange(db, {
    requesterId: ids.requester,
    serviceIds: [queue],
    status: 'APPROVED',
    type: 'EMERGENCY',
    riskLevel: 'HIGH',
    title: 'Drain the poisoned dead-letter queue',
    windowStart: at(5, 21),
    windowEnd: at(5, 22),
    text: {
      purpose: 'A malformed message blocks the dead-letter queue; failed payments are no longer retried.',
      currentState: 'The dead-letter consumer crashes on one message and restarts in a loop.',
      futureState: 'The message is parked for analysis and retries flow again.',
      implementationPlan: '1. Stop the dead-letter consumer.\n2. Move the poisoned message to the parking queue.\n3. Start the consumer and watch retries.',
    },
  })
  const justification = 'Failed card payments are not retried while the queue is blocked; every hour loses orders, so this cannot wait for the migration to end.'
  const exception = await db.freezeException.create({
    data: {
      changeId: change.id,
      freezeId: freeze.id,
      revisionNumber: 1,
      fingerprint: change.fingerprint ?? '',
      grantedSeverity: 'SOFT',
      freezeRevision: 1,
      justification,
      grantedById: ids.requester,
    },
  })
  await db.auditEvent.create({
    data: {
      changeId: change.id,
      entityType: 'change',
      entityId: change.id,
      actorId: ids.requester,
      action: 'freeze-exception.justified',
      details: { exceptionId: exception.id, freezeId: freeze.id, freezeName: freeze.name, severity: 'SOFT', freezeRevision: 1, revision: 1, fingerprint: change.fingerprint ?? '', justification },
    },
  })
}
