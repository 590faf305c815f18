/**
 * A few realistic changes so a fresh install has something on the board, the
 * approvals inbox and the calendar. Windows are relative to the first start.
 * Built with the test factories, like the rest of the demo data.
 */
import type { PrismaClient } from '../lib/generated/prisma/client'
import { createChange, type ChangeFactoryDb } from '../tests/factories/change-requests'

type Ids = { requester: string; admin: string; services: Map<string, string> }

const DAY = 86_400_000

/** Next whole hour `days` from now at `hour`:00 UTC. */
function at(days: number, hour: number): Date {
  const date = new Date(Date.now() + days * DAY)
  date.setUTCHours(hour, 0, 0, 0)
  return date
}

export async function seedDemoChanges(db: ChangeFactoryDb & Pick<PrismaClient, 'freezePeriod'>, ids: Ids): Promise<void> {
  const service = (name: string) => {
    const id = ids.services.get(name)
    if (!id) throw new Error(`Demo service ${name} missing`)
    return id
  }
  await createChange(db, {
    requesterId: ids.requester,
    serviceIds: [service('Message Queue')],
    status: 'DRAFT',
    title: 'Rename the message queue host to mq-prod-02',
    text: {
      purpose: 'Align the queue host name with the new naming standard so monitoring and DNS agree.',
      rollbackPlan: 'Restore the previous host name and DNS record; restart the consumers in the documented order.',
    },
  })
  await createChange(db, {
    requesterId: ids.requester,
    serviceIds: [service('Payments API'), service('Message Queue')],
    status: 'SUBMITTED',
    title: 'Upgrade the Payments API to v3',
    riskLevel: 'HIGH',
    windowStart: at(8, 22),
    windowEnd: at(9, 2),
    text: {
      purpose: 'Move payments to the supported v3 runtime before v2 reaches end of life.',
      implementationPlan: '1. Drain traffic to the standby region.\n2. Deploy v3 to the primary.\n3. Replay the canary transactions.\n4. Restore traffic gradually.',
      rollbackPlan: 'Switch traffic back to the standby region running v2, then redeploy v2 on the primary.',
      monitoringPlan: 'Error rate, p95 latency and settlement queue depth for two hours after the switch.',
    },
  })
  await createChange(db, {
    requesterId: ids.requester,
    serviceIds: [service('Customer Portal')],
    status: 'APPROVED',
    title: 'Renew the Customer Portal TLS certificate',
    type: 'STANDARD',
    riskLevel: 'LOW',
    windowStart: at(10, 6),
    windowEnd: at(10, 7),
  })
  await createChange(db, {
    requesterId: ids.requester,
    serviceIds: [service('Data Warehouse')],
    status: 'SCHEDULED',
    title: 'Rework the nightly warehouse load',
    windowStart: at(3, 1),
    windowEnd: at(3, 4),
    text: {
      testEvidence: 'Two weeks of loads replayed in staging; row counts and checksums compared with production.',
    },
  })
  // Clear of every demo window above, so the demo starts consistent with the invariant.
  const startsAt = at(20, 0)
  const endsAt = at(27, 0)
  await db.freezePeriod.create({
    data: {
      name: 'Year-end trading freeze',
      reason: 'Peak trading: no changes to customer-facing services.',
      startsAt,
      endsAt,
      activeUntil: endsAt,
      timeZone: 'UTC',
      scope: 'ALL_SERVICES',
      severity: 'HARD',
      createdById: ids.admin,
    },
  })
}
