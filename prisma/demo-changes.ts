/**
 * A few realistic changes so a fresh install has something on the board, the
 * approvals inbox and the calendar. Windows are relative to the first start.
 * Built with the test factories, like the rest of the demo data.
 */
import type { ChangeStatus, ChangeType, PrismaClient, RiskLevel } from '../lib/generated/prisma/client'
import { createChange, type ChangeFactoryDb, type ChangeTimeline } from '../tests/factories/change-requests'

type Ids = {
  requester: string
  manager: string
  admin: string
  approver: string
  approver2: string
  services: Map<string, string>
  /** Two CAB members (prisma/demo-policies.ts), who also signed the past high-risk changes. */
  cab?: readonly string[]
}
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
  db: ChangeFactoryDb & Pick<PrismaClient, 'freezePeriod' | 'freezeException'>,
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
  await seedDemoHistory(db, ids)
  return options.submitLater ? [awaitingSignOff.id] : []
}

const HOUR = 3_600_000
const addHours = (date: Date, hours: number) => new Date(date.getTime() + hours * HOUR)

/** One finished (or decided) change of the last ten weeks, for /metrics. */
type Past = {
  title: string
  services: string[]
  status: ChangeStatus
  type?: ChangeType
  risk?: RiskLevel
  /** Submitted this many days ago, at `hour`:00 UTC. */
  daysAgo: number
  hour?: number
  /** Hours from submission to each owner's decision, in the order of `services`' owners. */
  decideAfter: number[]
  /** Days from submission to the window (default 4); the work takes `hours` (default 1.5). */
  windowAfterDays?: number
  hours?: number
  /** Closed by the post-implementation review this many days after the outcome. */
  reviewedAfterDays?: number
  /** The requester schedules it herself (a standard change: no human wait). */
  selfScheduled?: boolean
  statement?: string
  /** When it was (last) scheduled, if not two hours after the decision. */
  scheduledAt?: Date
  purpose: string
  plan: string
}

const STATEMENT_MINIMAL = 'Reviewed; fine to go ahead.'.slice(0, 24)

/**
 * Ten weeks of history, so /metrics has something real to show: outcomes
 * (mostly completed, two failed, two rolled back, one of them retried by a
 * follow-up), Avery's and Blake's decisions with their times to decision
 * (Avery quicker, Blake a day or so; a rejection; a few minimal
 * statements), two emergency changes (one reviewed, one overdue for review),
 * a past freeze that un-scheduled one change and excused another with an
 * exception. Every row carries its past time (audit events, sign-offs,
 * outcomes), as if the app had written it then.
 */
export async function seedDemoHistory(db: ChangeFactoryDb & Pick<PrismaClient, 'freezePeriod' | 'freezeException'>, ids: Ids): Promise<void> {
  const owner: Record<string, string> = { 'Payments API': ids.approver, 'Customer Portal': ids.approver, 'Message Queue': ids.approver2, 'Data Warehouse': ids.approver2 }
  const service = (name: string) => {
    const id = ids.services.get(name)
    if (!id) throw new Error(`Demo service ${name} missing`)
    return id
  }
  const write = async (past: Past) => {
    const submittedAt = at(-past.daysAgo, past.hour ?? 9)
    const ownerIds = [...new Set(past.services.map((name) => owner[name] ?? ''))]
    if (ownerIds.length !== past.decideAfter.length) throw new Error(`Demo change "${past.title}": one decision time per owner`)
    // Past high-risk changes went to the CAB after the owners, as the high-risk policy asks now:
    // two members, two and five hours after the last owner (nominated, so the snapshot names them).
    const cab = past.risk === 'HIGH' && (past.type ?? 'NORMAL') === 'NORMAL' && past.status !== 'REJECTED' ? [...(ids.cab ?? [])] : []
    const signerIds = [...ownerIds, ...cab]
    const lastOwner = Math.max(...past.decideAfter)
    const signedAt = [...past.decideAfter, ...cab.map((_, i) => lastOwner + 2 + 3 * i)].map((h) => addHours(submittedAt, h))
    const decided = signedAt.at(-1) ?? submittedAt
    const windowStart = at(-past.daysAgo + (past.windowAfterDays ?? 4), 21)
    const finishedAt = addHours(windowStart, past.hours ?? 1.5)
    const timeline: ChangeTimeline = {
      createdAt: addHours(submittedAt, -20),
      submittedAt,
      signedAt,
      // Each owner opened the change a while before deciding: a quarter of the time to decision, at most two hours.
      viewedAt: signedAt.map((t) => new Date(t.getTime() - Math.min(2 * HOUR, (t.getTime() - submittedAt.getTime()) / 4))),
      scheduledAt: past.scheduledAt ?? addHours(decided, 2),
      startedAt: windowStart,
      finishedAt,
      reviewedAt: addHours(finishedAt, 24 * (past.reviewedAfterDays ?? 2)),
    }
    return createChange(db, {
      requesterId: ids.requester,
      serviceIds: past.services.map(service),
      status: past.status,
      type: past.type ?? 'NORMAL',
      riskLevel: past.risk ?? 'MEDIUM',
      title: past.title,
      windowStart,
      windowEnd: addHours(windowStart, 2),
      managerId: past.selfScheduled ? ids.requester : ids.manager,
      nominatedIds: cab,
      signerIds,
      statement: past.statement,
      timeline,
      text: content({
        purpose: past.purpose,
        currentState: `Before: ${past.purpose.charAt(0).toLowerCase()}${past.purpose.slice(1)} is still to do.`,
        futureState: `After: done, and the service dashboards show it working as intended.`,
        implementationPlan: past.plan,
      }),
    })
  }
  const history: Past[] = [
    { title: 'Enable HTTP/2 on the Customer Portal', services: ['Customer Portal'], status: 'COMPLETED', risk: 'LOW', daysAgo: 68, decideAfter: [2], purpose: 'Serve the portal over HTTP/2 to cut page load times on mobile.', plan: '1. Enable HTTP/2 on the load balancer listener.\n2. Check the portal from three networks.' },
    { title: 'Raise the message queue retention to seven days', services: ['Message Queue'], status: 'COMPLETED', daysAgo: 64, decideAfter: [26], purpose: 'Keep a week of events so consumers can replay after an incident.', plan: '1. Add disk to the brokers.\n2. Raise the retention setting broker by broker.' },
    { title: 'Monthly warehouse index maintenance', services: ['Data Warehouse'], status: 'COMPLETED', type: 'STANDARD', risk: 'LOW', daysAgo: 61, decideAfter: [5], selfScheduled: true, purpose: 'Rebuild the fragmented warehouse indexes, as every month.', plan: '1. Run the maintenance job from the runbook.\n2. Compare query times with last month.' },
    { title: 'Move payment settlement to the new queue topic', services: ['Payments API', 'Message Queue'], status: 'COMPLETED', risk: 'HIGH', daysAgo: 57, decideAfter: [3, 30], windowAfterDays: 6, purpose: 'Publish settlements on a dedicated topic so reporting stops competing with payments.', plan: '1. Create the topic.\n2. Dual-publish for a day.\n3. Switch the consumers.\n4. Stop the old publisher.' },
    { title: 'Upgrade the payments database to PostgreSQL 17', services: ['Payments API'], status: 'FAILED', risk: 'HIGH', daysAgo: 52, decideAfter: [4], hours: 3, purpose: 'Move the payments database to a supported major version.', plan: '1. Take a snapshot.\n2. Run pg_upgrade on the replica.\n3. Fail over.\n4. Upgrade the old primary.' },
    { title: 'Add rate limiting to the portal sign-in', services: ['Customer Portal'], status: 'COMPLETED', daysAgo: 48, decideAfter: [0.5], statement: STATEMENT_MINIMAL, purpose: 'Slow down credential-stuffing attempts against the portal sign-in.', plan: '1. Deploy the limiter in report-only mode.\n2. Check the logs.\n3. Enforce it.' },
    { title: 'Stream warehouse loads from the message queue', services: ['Message Queue', 'Data Warehouse'], status: 'ROLLED_BACK', daysAgo: 44, decideAfter: [40], windowAfterDays: 5, purpose: 'Load the warehouse continuously from the queue instead of a nightly batch.', plan: '1. Deploy the stream consumer.\n2. Pause the nightly batch.\n3. Watch the lag for an hour.' },
    { title: 'Upgrade the queue client library in the consumers', services: ['Message Queue'], status: 'FAILED', daysAgo: 40, decideAfter: [20], purpose: 'Move every consumer to the supported client library.', plan: '1. Roll the new library out to one consumer.\n2. Then to the rest, one by one.' },
    { title: 'Rotate the portal session signing key', services: ['Customer Portal'], status: 'COMPLETED', type: 'STANDARD', risk: 'LOW', daysAgo: 33, decideAfter: [1], selfScheduled: true, statement: STATEMENT_MINIMAL, purpose: 'Rotate the session signing key, as every quarter.', plan: '1. Publish the new key.\n2. Sign with it.\n3. Retire the old key after a day.' },
    { title: 'Update the portal cookie banner text', services: ['Customer Portal'], status: 'CLOSED', risk: 'LOW', daysAgo: 30, decideAfter: [1.5], reviewedAfterDays: 1, purpose: 'Use the wording legal approved for the cookie banner.', plan: '1. Deploy the new text.\n2. Check it in both languages.' },
    { title: 'Restart the stuck queue consumers', services: ['Message Queue'], status: 'CLOSED', type: 'EMERGENCY', risk: 'HIGH', daysAgo: 26, hour: 13, decideAfter: [0.4], windowAfterDays: 0, hours: 0.5, reviewedAfterDays: 2, purpose: 'Consumers stopped taking messages and the backlog grows by the minute.', plan: '1. Restart the consumers one by one.\n2. Watch the backlog drain.' },
    { title: 'Move the portal to the new CDN', services: ['Customer Portal'], status: 'ROLLED_BACK', daysAgo: 24, decideAfter: [3], purpose: 'Serve the portal assets from the new CDN contract.', plan: '1. Switch the asset host name.\n2. Purge the caches.\n3. Watch the error rate.' },
    { title: 'Nightly export of portal usage to the warehouse', services: ['Customer Portal', 'Data Warehouse'], status: 'COMPLETED', daysAgo: 20, decideAfter: [1, 28], purpose: 'Give the product team daily portal usage figures in the warehouse.', plan: '1. Deploy the export job disabled.\n2. Enable it and run it once by hand.' },
    { title: 'Drop the legacy warehouse schemas', services: ['Data Warehouse'], status: 'REJECTED', risk: 'HIGH', daysAgo: 18, decideAfter: [30], purpose: 'Remove the schemas nobody has queried for two years.', plan: '1. Revoke access for a week.\n2. Drop the schemas.' },
    { title: 'Add a replica for warehouse reports', services: ['Data Warehouse'], status: 'COMPLETED', risk: 'LOW', daysAgo: 15, decideAfter: [22], purpose: 'Run the heavy reports on a replica, off the load path.', plan: '1. Build the replica.\n2. Point the reporting tool at it.' },
    { title: 'Patch the payments gateway TLS library', services: ['Payments API'], status: 'COMPLETED', type: 'EMERGENCY', risk: 'HIGH', daysAgo: 11, hour: 16, decideAfter: [0.3], windowAfterDays: 0, hours: 1, purpose: 'A critical TLS library vulnerability is being exploited in the wild.', plan: '1. Deploy the patched build to the standby region.\n2. Switch traffic.\n3. Patch the primary.' },
    { title: 'Tune the Payments API connection pool', services: ['Payments API'], status: 'COMPLETED', daysAgo: 7, decideAfter: [2.5], windowAfterDays: 3, purpose: 'Stop the pool from running dry at the lunchtime peak.', plan: '1. Raise the pool size in one region.\n2. Compare the wait times.\n3. Do the other region.' },
  ]
  const written = new Map<string, string>()
  for (const past of history) written.set(past.title, (await write(past)).id)

  // A retry after the roll-back: the follow-up, with batching, went through.
  const retry = await write({ title: 'Stream warehouse loads from the queue, in batches', services: ['Message Queue', 'Data Warehouse'], status: 'COMPLETED', daysAgo: 36, decideAfter: [18], purpose: 'Retry of the streamed warehouse load, batching writes so the warehouse keeps up.', plan: '1. Deploy the batching consumer.\n2. Pause the nightly batch.\n3. Watch the lag for a day.' })
  await db.changeRequest.update({ where: { id: retry.id }, data: { previousChangeId: written.get('Stream warehouse loads from the message queue') } })

  // A past quarter-end freeze: declared after one change was scheduled into it
  // (un-scheduled, later re-scheduled after the freeze), and excused for another.
  const freezeStarts = at(-31, 0)
  const freezeEnds = at(-28, 0)
  const declaredAt = at(-36, 15)
  const freeze = await db.freezePeriod.create({
    data: {
      name: 'Quarter-end reporting freeze',
      reason: 'Finance closes the quarter: keep payments and reporting stable.',
      startsAt: freezeStarts,
      endsAt: freezeEnds,
      activeUntil: freezeEnds,
      timeZone: 'UTC',
      scope: 'ALL_SERVICES',
      severity: 'SOFT',
      createdById: ids.admin,
      createdAt: declaredAt,
    },
    select: { id: true, name: true },
  })
  // Scheduled 40 days ago into the freeze's dates, sent back by its declaration, re-scheduled after it.
  const bumped = await write({ title: 'Archive warehouse partitions older than five years', services: ['Data Warehouse'], status: 'COMPLETED', risk: 'LOW', daysAgo: 41, decideAfter: [10], windowAfterDays: 14, scheduledAt: at(-35, 10), purpose: 'Move old partitions to cold storage to keep the warehouse fast.', plan: '1. Export the partitions.\n2. Verify the checksums.\n3. Detach and drop them.' })
  const first = at(-40, 11)
  const reason = `The SOFT freeze "${freeze.name}" overlaps the window.`
  const event = { changeId: bumped.id, entityType: 'change', entityId: bumped.id }
  await db.auditEvent.createMany({
    data: [
      { ...event, actorId: ids.manager, action: 'change.scheduled', fromStatus: 'APPROVED', toStatus: 'SCHEDULED', details: { acknowledgedConflicts: [] }, at: first },
      { ...event, actorId: ids.admin, action: 'change.unscheduled', fromStatus: 'SCHEDULED', toStatus: 'APPROVED', details: { reason, freezeId: freeze.id }, at: declaredAt },
    ],
  })
  const excused = await write({ title: 'Apply the card-network certificate update', services: ['Payments API'], status: 'COMPLETED', risk: 'HIGH', daysAgo: 34, decideAfter: [6], windowAfterDays: 4, purpose: 'The card networks require the new certificate chain by the end of the month.', plan: '1. Install the chain beside the old one.\n2. Switch.\n3. Run test transactions with each network.' })
  const fingerprint = excused.fingerprint ?? ''
  const justification = 'The card networks reject the old chain after the 30th; this cannot wait for the freeze to end.'
  await db.freezeException.create({
    data: {
      changeId: excused.id,
      freezeId: freeze.id,
      revisionNumber: 1,
      fingerprint,
      grantedSeverity: 'SOFT',
      freezeRevision: 1,
      justification,
      grantedById: ids.manager,
      createdAt: at(-34, 16),
    },
  })
  await db.auditEvent.create({
    data: {
      changeId: excused.id,
      entityType: 'change',
      entityId: excused.id,
      actorId: ids.manager,
      action: 'freeze-exception.granted',
      details: { freezeId: freeze.id, freezeName: freeze.name, severity: 'SOFT', freezeRevision: 1, revision: 1, fingerprint, justification },
      at: at(-34, 16),
    },
  })
}
