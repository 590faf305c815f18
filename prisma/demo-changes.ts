/**
 * A few realistic changes so a fresh install has something on the board, the
 * approvals inbox and the calendar. Windows are relative to the first start.
 * Built with the test factories, like the rest of the demo data.
 */
import type { PrismaClient } from '../lib/generated/prisma/client'
import { createChange, type ChangeFactoryDb } from '../tests/factories/change-requests'

type Ids = { requester: string; manager: string; admin: string; services: Map<string, string> }
type Text = NonNullable<Parameters<typeof createChange>[1]['text']>

/** Every content field written out, so the demo reads like a real request. */
function content(text: Required<Pick<Text, 'purpose' | 'currentState' | 'futureState' | 'implementationPlan'>> & Text): Text {
  return {
    rollbackPlan: 'Redeploy the previous release from the artefact store and restore the configuration snapshot taken before the change.',
    monitoringPlan: 'Watch the service dashboard (error rate, latency, saturation) for one hour after the change; on-call keeps the pager.',
    testEvidence: 'Rehearsed end to end in staging last week; the runbook and its results are attached to the ticket.',
    communicationPlan: 'Notice in the #changes channel and on the status page 24 hours before, at the start and at the end.',
    impactDescription: 'No customer impact expected; a short degradation is possible during the switch-over.',
    ...text,
  }
}

const DAY = 86_400_000

/** Next whole hour `days` from now at `hour`:00 UTC. */
function at(days: number, hour: number): Date {
  const date = new Date(Date.now() + days * DAY)
  date.setUTCHours(hour, 0, 0, 0)
  return date
}

/**
 * With `submitLater`, the change awaiting Avery's and Blake's sign-off is
 * left a DRAFT and its id returned, for the caller to submit through the real
 * use case once this transaction commits: then its sign-off requests (in-app
 * and e-mail) are the ones a real submission writes. Without it (the scale
 * seed, which runs outside the app) the factory writes it SUBMITTED directly.
 */
export async function seedDemoChanges(
  db: ChangeFactoryDb & Pick<PrismaClient, 'freezePeriod'>,
  ids: Ids,
  options: { submitLater?: boolean } = {},
): Promise<string[]> {
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
    text: content({
      purpose: 'Align the queue host name with the new naming standard so monitoring and DNS agree.',
      currentState: 'The queue runs on host mq-legacy-7; dashboards and DNS use two different names for it.',
      futureState: 'The queue runs on mq-prod-02; DNS, monitoring and every consumer use that one name.',
      implementationPlan: '1. Lower the DNS TTL a day before.\n2. Pause the consumers.\n3. Rename the host and update DNS.\n4. Resume the consumers one by one.',
      rollbackPlan: 'Restore the previous host name and DNS record; restart the consumers in the documented order.',
      impactDescription: 'Messages queue up for about five minutes while consumers are paused; none are lost.',
    }),
  })
  const awaitingSignOff = await createChange(db, {
    requesterId: ids.requester,
    serviceIds: [service('Payments API'), service('Message Queue')],
    status: options.submitLater ? 'DRAFT' : 'SUBMITTED',
    title: 'Upgrade the Payments API to v3',
    riskLevel: 'HIGH',
    windowStart: at(8, 22),
    windowEnd: at(9, 2),
    text: content({
      purpose: 'Move payments to the supported v3 runtime before v2 reaches end of life.',
      currentState: 'Payments API v2 in two regions; v2 loses security support at the end of next month.',
      futureState: 'Payments API v3 in both regions, publishing settlement events to the message queue as before.',
      implementationPlan: '1. Drain traffic to the standby region.\n2. Deploy v3 to the primary.\n3. Replay the canary transactions.\n4. Restore traffic gradually.',
      rollbackPlan: 'Switch traffic back to the standby region running v2, then redeploy v2 on the primary.',
      monitoringPlan: 'Error rate, p95 latency and settlement queue depth for two hours after the switch.',
      testEvidence: 'Two million recorded transactions replayed against v3 in staging; results compared field by field with v2.',
      impactDescription: 'Card payments may be slower for up to ten minutes while traffic moves between regions.',
    }),
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
    text: content({
      purpose: 'Renew the portal certificate before it expires in three weeks.',
      currentState: 'The portal serves a certificate that expires on the 14th.',
      futureState: 'The portal serves a renewed certificate valid for one year.',
      implementationPlan: '1. Upload the new certificate to the load balancer.\n2. Switch the listener to it.\n3. Check the chain from outside.',
      rollbackPlan: 'Switch the listener back to the current certificate (still valid until the 14th).',
    }),
  })
  await createChange(db, {
    requesterId: ids.requester,
    serviceIds: [service('Data Warehouse')],
    status: 'SCHEDULED',
    managerId: ids.manager,
    title: 'Rework the nightly warehouse load',
    windowStart: at(3, 1),
    windowEnd: at(3, 4),
    text: content({
      purpose: 'Cut the nightly load from four hours to one so reports are ready before the business day.',
      currentState: 'A single-threaded load that often overruns into office hours.',
      futureState: 'A partitioned load running four workers in parallel, finishing by 04:00.',
      implementationPlan: '1. Deploy the new load job disabled.\n2. Disable the old job.\n3. Enable the new job and run it once by hand.\n4. Compare row counts with yesterday.',
      testEvidence: 'Two weeks of loads replayed in staging; row counts and checksums compared with production.',
    }),
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
  return options.submitLater ? [awaitingSignOff.id] : []
}
