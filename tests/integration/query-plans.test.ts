import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedScale } from '@/bench/scale-seed'
import type { Actor } from '@/lib/domain/shared/types'
import { PrismaClient } from '@/lib/generated/prisma/client'
import { getChange } from '@/lib/server/change-requests/get-change'
import { EMERGENCY_WATCH_SHOWN } from '@/lib/server/metrics/load-metrics'
import { overdueEmergencyReviews } from '@/lib/server/lifecycle/emergency-reviews'
import { countChangesInStatus, myChangesByStatus, upcomingChanges } from '@/lib/server/change-requests/dashboard'
import { listChanges, PAGE_SIZE } from '@/lib/server/change-requests/list-changes'
import { ZListChangesInput } from '@/lib/server/change-requests/schemas'
import { calendarEvents, MAX_CALENDAR_CHANGES } from '@/lib/server/freezes/calendar'
import { loadChangeFreezeState } from '@/lib/server/freezes/load-change-freeze-state'
import { countUnreadNotifications, listNotifications } from '@/lib/server/notifications/inbox'
import { listOutbox } from '@/lib/server/notifications/outbox'
import { computeMetrics } from '@/lib/server/metrics/load-metrics'
import { ZMetricsInput } from '@/lib/server/metrics/schemas'
import { listWebhookDeliveries } from '@/lib/server/webhooks/manage-webhooks'
import { ZListOutboxInput } from '@/lib/server/notifications/schemas'
import { getGateForViewer } from '@/lib/server/lifecycle/gate'
import { assessChangeRisk } from '@/lib/server/lifecycle/risk'
import { loadAndEvaluatePipelineGate } from '@/lib/server/lifecycle/pipeline-gate'
import { watchersOf } from '@/lib/server/notifications/watchers'
import { sendTimedNotices } from '@/lib/server/notifications/timed-notices'
import { getSignOffPanel } from '@/lib/server/sign-offs/get-sign-off-panel'
import { countAwaitingSignOff, listAwaitingSignOff } from '@/lib/server/sign-offs/list-awaiting-sign-off'

/**
 * The plan guard: with 50,000 changes (and their sign-offs, audit events and
 * notifications) the hot use cases run for real; every SQL statement Prisma
 * sends for them is captured (query events) and explained with its own
 * parameters. A sequential scan of a big table, or a sort of more rows than
 * a page, means a page's cost grows with the table: that fails here, long
 * before anyone notices it in production.
 */
const CHANGES = 50_000
const BIG_TABLES = new Set(['ChangeRequest', 'SignOff', 'AuditEvent', 'Notification', 'ChangeService', 'ChangeApprover', 'ChangeRevision', 'Comment', 'MailMessage', 'WebhookDelivery'])
// A Sort may order one page plus its look-ahead row, or one change's own rows (its sign-offs, events, comments).
const MAX_SORTED_ROWS = 2 * PAGE_SIZE

type Captured = { query: string; params: unknown[] }
type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Plan Rows': number; Plans?: PlanNode[] }

const url = process.env.DATABASE_URL as string
const captured: Captured[] = []
let client: pg.Client
let db: PrismaClient

async function one<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await client.query<T>(sql, params)
  const row = rows[0]
  if (!row) throw new Error(`no row for ${sql}`)
  return row
}

/**
 * Everything wrong with one plan, as sentences (empty when it is fine). A
 * sequential scan directly under a Limit that expects to find more matches
 * than the limit stops early (the capped counts: it reads about
 * limit / selectivity rows), so it is flat and allowed.
 */
function problems(node: PlanNode, maxSorted: number, parent: PlanNode | null = null, found: string[] = []): string[] {
  const boundedScan = parent?.['Node Type'] === 'Limit' && node['Plan Rows'] >= parent['Plan Rows']
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] && BIG_TABLES.has(node['Relation Name']) && !boundedScan) {
    found.push(`sequential scan of ${node['Relation Name']}`)
  }
  if (node['Node Type'] === 'Sort' || node['Node Type'] === 'Incremental Sort') {
    const input = node.Plans?.[0]?.['Plan Rows'] ?? node['Plan Rows']
    if (input > maxSorted) found.push(`sort of ~${input} rows`)
  }
  for (const child of node.Plans ?? []) problems(child, maxSorted, node, found)
  return found
}

/**
 * Runs the use case, then explains every statement it sent that reads a big
 * table. `maxSorted` is raised only where sorting a bounded result is the
 * point: the calendar orders up to MAX_CALENDAR_CHANGES of one range, the
 * dashboard one week of scheduled work (bounded by how busy the board is, not
 * by its history).
 */
async function expectFlatPlans(work: () => Promise<unknown>, maxSorted = MAX_SORTED_ROWS): Promise<void> {
  captured.length = 0
  await work()
  const statements = captured.filter((c) => /^\s*(SELECT|WITH)\b/i.test(c.query) && [...BIG_TABLES].some((t) => c.query.includes(`"${t}"`)))
  expect(statements.length).toBeGreaterThan(0)
  const failures: string[] = []
  for (const statement of statements) {
    const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${statement.query}`, statement.params)
    const plan = rows[0]?.['QUERY PLAN'][0]?.Plan
    if (!plan) throw new Error('EXPLAIN returned no plan')
    const found = problems(plan, maxSorted)
    if (found.length > 0) failures.push(`${found.join(', ')}\n  in: ${statement.query.replaceAll(/\s+/g, ' ').slice(0, 400)}`)
  }
  expect(failures).toEqual([])
}

describe('query plans at 50,000 changes', () => {
  let requester: Actor
  let approver: Actor
  let manager: Actor
  let scheduled: { id: string; windowStart: Date }
  let submitted: string
  let serviceId: string

  beforeAll(async () => {
    await seedScale(url, { changes: CHANGES, users: 500, freezes: 500, passwordHash: null })
    client = new pg.Client({ connectionString: url })
    await client.connect()
    const logging = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }), log: [{ emit: 'event', level: 'query' }] })
    logging.$on('query', (event) => captured.push({ query: event.query, params: JSON.parse(event.params) as unknown[] }))
    db = logging
    // lib/server/db.ts uses this client for the rest of the file (the setup file clears it per file).
    ;(globalThis as { changeboardPrisma?: PrismaClient }).changeboardPrisma = db
    const actor = async (sql: string): Promise<Actor> => {
      const row = await one<{ id: string; name: string; roles: Actor['roles']; timeZone: string }>(
        `SELECT u.id, u.name, u.roles::text[] AS roles, u."timeZone" FROM "User" u WHERE u.id = (${sql})`,
      )
      return { id: row.id, name: row.name, roles: row.roles, timeZone: row.timeZone }
    }
    requester = await actor(`SELECT "requesterId" FROM "ChangeRequest" GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
    approver = await actor(`SELECT a."userId" FROM "ChangeApprover" a JOIN "ChangeRequest" c ON c.id = a."changeId"
                             WHERE c.status = 'SUBMITTED' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
    manager = await actor(`SELECT id FROM "User" WHERE 'CHANGE_MANAGER' = ANY(roles) ORDER BY email LIMIT 1`)
    scheduled = await one(`SELECT id, "windowStart" FROM "ChangeRequest" WHERE status = 'SCHEDULED' ORDER BY "windowStart" LIMIT 1`)
    submitted = (await one<{ id: string }>(`SELECT id FROM "ChangeRequest" WHERE status = 'SUBMITTED' AND revision = 2 LIMIT 1`)).id
    serviceId = (await one<{ id: string }>(`SELECT id FROM "Service" ORDER BY name LIMIT 1`)).id
  }, 120_000)

  afterAll(async () => {
    await client?.end()
  })

  it('seeded data that satisfies the backstop: every scheduled or in-progress change has every approval for its fingerprint', async () => {
    const row = await one<{ scheduled: number; lacking: number }>(`
      SELECT count(*)::int AS scheduled,
             count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = c.id) OR EXISTS (
               SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = c.id AND NOT EXISTS (
                 SELECT 1 FROM "SignOff" s WHERE s."changeId" = c.id AND s."approverId" = a."userId"
                    AND s.fingerprint = c.fingerprint AND s.decision = 'APPROVED')))::int AS lacking
        FROM "ChangeRequest" c WHERE c.status IN ('SCHEDULED', 'IN_PROGRESS')`)
    expect(row.scheduled).toBeGreaterThan(300)
    expect(row.lacking).toBe(0)
    // The trigger agrees: touching every such row's status re-runs it at commit.
    await expect(client.query(`UPDATE "ChangeRequest" SET status = status WHERE status IN ('SCHEDULED', 'IN_PROGRESS')`)).resolves.toBeDefined()
  })

  const list = (query: Record<string, string>) => listChanges(requester, ZListChangesInput.parse(query))

  it('the change list: default view, a deep page, every filter and search', async () => {
    const firstPage = await list({})
    let page = firstPage
    for (let i = 0; i < 5 && page.next; i++) page = await list({ after: page.next, page: String(i + 2) })
    const month = new Date(scheduled.windowStart)
    const day = (d: Date) => d.toISOString().slice(0, 10)
    const queries: Record<string, string>[] = [
      {},
      { after: page.next ?? '', page: '7' },
      { status: 'SUBMITTED' },
      { status: 'COMPLETED' },
      { status: 'COMPLETED', after: firstPage.next ?? '' },
      { type: 'EMERGENCY' },
      { requesterId: requester.id },
      { serviceId },
      { from: day(month), to: day(new Date(month.getTime() + 30 * 86_400_000)) },
      { q: 'kafka' },
      { q: 'vendor ends support' },
      { q: 'CHG-000123' },
    ]
    for (const query of queries) await expectFlatPlans(() => list(query))
  })

  it('the approvals inbox and its count', async () => {
    const first = await listAwaitingSignOff(approver)
    expect(first.items.length).toBeGreaterThan(0)
    await expectFlatPlans(() => listAwaitingSignOff(approver))
    await expectFlatPlans(() => listAwaitingSignOff(approver, { after: first.next ?? '' }))
    await expectFlatPlans(() => countAwaitingSignOff(approver, 100))
  })

  it('the dashboard', async () => {
    await expectFlatPlans(() => upcomingChanges(manager), MAX_CALENDAR_CHANGES)
    await expectFlatPlans(() => myChangesByStatus(requester))
    await expectFlatPlans(() => listChanges(manager, ZListChangesInput.parse({ status: 'APPROVED' })))
    await expectFlatPlans(() => countChangesInStatus(manager, 'APPROVED', 100))
    // The change managers' overdue emergency reviews, on the partial review-clock index however many there are.
    // (Beside it, the 30-day emergency share is the metrics page's own period aggregate: bench:http measures that page.)
    const overdue = await overdueEmergencyReviews(db, { now: new Date(), limit: EMERGENCY_WATCH_SHOWN })
    expect(overdue.count).toBeGreaterThan(EMERGENCY_WATCH_SHOWN)
    await expectFlatPlans(() => overdueEmergencyReviews(db, { now: new Date(), limit: EMERGENCY_WATCH_SHOWN }))
  })

  it('the change page: detail, sign-offs, gate, freezes and conflicts', async () => {
    for (const id of [scheduled.id, submitted]) {
      await expectFlatPlans(() => getChange(manager, id))
      await expectFlatPlans(() => getSignOffPanel(manager, id))
      await expectFlatPlans(() => getGateForViewer(manager, id))
      await expectFlatPlans(() => loadChangeFreezeState(manager, id))
      // Who hears about the change (status updates; the e-mail notices): from the change's keys, never a scan.
      await expectFlatPlans(() => watchersOf(db, id))
    }
  })

  it('the risk of a change as its form is typed (the live preview, and every save): freezes, overlaps and the last outcome per service', async () => {
    const services = await client.query<{ serviceId: string }>(`SELECT "serviceId" FROM "ChangeService" WHERE "changeId" = $1`, [scheduled.id])
    const start = new Date(scheduled.windowStart)
    const subject = { id: scheduled.id, windowStart: start, windowEnd: new Date(start.getTime() + 2 * 3_600_000), serviceIds: services.rows.map((r) => r.serviceId), testEvidence: '' }
    // A year of look-back, so the last-outcome walk meets the seeded history.
    await db.riskRule.update({ where: { key: 'RECENT_FAILURE' }, data: { threshold: 365 } })
    await expectFlatPlans(() => assessChangeRisk(db, subject, new Date()))
  })

  it('the pipeline gate (GET /api/v1/gate): by service id and name, with and without a named change', async () => {
    const start = new Date(scheduled.windowStart)
    const interval = { start, end: new Date(start.getTime() + 30 * 60_000) }
    const services = await client.query<{ id: string; name: string }>(
      `SELECT s.id, s.name FROM "ChangeService" cs JOIN "Service" s ON s.id = cs."serviceId" WHERE cs."changeId" = $1`,
      [scheduled.id],
    )
    const ids = services.rows.map((r) => r.id)
    const gate = (query: Parameters<typeof loadAndEvaluatePipelineGate>[1]) => loadAndEvaluatePipelineGate(db, query, new Date())
    expect((await gate({ services: ids, interval, change: scheduled.id })).change).not.toBeNull()
    await expectFlatPlans(() => gate({ services: ids, interval }))
    await expectFlatPlans(() => gate({ services: services.rows.map((r) => r.name), interval, change: scheduled.id }))
    await expectFlatPlans(() => gate({ services: [serviceId], interval: { start: new Date(), end: new Date(Date.now() + 7 * 86_400_000) }, change: 'CHG-000123' }))
  })

  it('calendar events for a month and notifications', async () => {
    const start = new Date(scheduled.windowStart)
    const month = { start, end: new Date(start.getTime() + 31 * 86_400_000) }
    await expectFlatPlans(() => calendarEvents(manager, { ...month, serviceId: null }), MAX_CALENDAR_CHANGES)
    await expectFlatPlans(() => calendarEvents(manager, { ...month, serviceId }), MAX_CALENDAR_CHANGES)
    const notices = await listNotifications(requester)
    await expectFlatPlans(() => listNotifications(requester))
    expect(notices.next).not.toBeNull()
    await expectFlatPlans(() => listNotifications(requester, notices.next ?? undefined))
    await expectFlatPlans(() => countUnreadNotifications(requester))
  })

  it('the outbox: newest first, a deep page, and each status filter', async () => {
    // 60,000 messages to 500 people, every status, one a second.
    await client.query(`
      WITH u AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(email ORDER BY id) AS emails, count(*)::int AS n FROM "User")
      INSERT INTO "MailMessage" (id, kind, "recipientId", "toAddress", subject, text, html, status, "createdAt")
      SELECT gen_random_uuid(), 'comment', u.ids[1 + g % u.n], u.emails[1 + g % u.n], 'Subject ' || g, 'Text', '<p>Html</p>',
             (ARRAY['STORED', 'SENT', 'QUEUED', 'FAILED', 'HELD', 'DIGESTED'])[1 + g % 6]::"MailStatus", now() - make_interval(secs => g)
        FROM generate_series(1, 60000) g, u`)
    await client.query('ANALYZE "MailMessage"')
    const admin: Actor = { ...manager, roles: ['ADMIN'] }
    for (const status of ['ALL', 'FAILED', 'HELD']) {
      const first = await listOutbox(admin, ZListOutboxInput.parse({ status }))
      expect(first.next).not.toBeNull()
      await expectFlatPlans(() => listOutbox(admin, ZListOutboxInput.parse({ status })))
      await expectFlatPlans(() => listOutbox(admin, ZListOutboxInput.parse({ status, after: first.next ?? undefined })))
    }
  })

  it('a webhook delivery log: newest first and a deep page, beside other webhooks’ long logs', async () => {
    // 60,000 deliveries over 4 webhooks, one a second.
    await client.query(`
      INSERT INTO "Webhook" (id, url, secret, events, "createdById")
      SELECT gen_random_uuid(), 'https://hooks.example.com/' || g, 'v1:x:y:z', ARRAY['gate.changed'], (SELECT id FROM "User" LIMIT 1)
        FROM generate_series(1, 4) g`)
    await client.query(`
      WITH w AS (SELECT array_agg(id ORDER BY id) AS ids FROM "Webhook")
      INSERT INTO "WebhookDelivery" (id, "webhookId", event, payload, status, "createdAt")
      SELECT gen_random_uuid(), w.ids[1 + g % 4], 'gate.changed', '{}'::jsonb,
             (ARRAY['DELIVERED', 'FAILED', 'QUEUED'])[1 + g % 3]::"WebhookDeliveryStatus", now() - make_interval(secs => g)
        FROM generate_series(1, 60000) g, w`)
    await client.query('ANALYZE "WebhookDelivery"')
    const admin: Actor = { ...manager, roles: ['ADMIN'] }
    const { id: webhookId } = await one<{ id: string }>('SELECT id FROM "Webhook" ORDER BY id LIMIT 1')
    const first = await listWebhookDeliveries(admin, { webhookId })
    expect(first.next).not.toBeNull()
    await expectFlatPlans(() => listWebhookDeliveries(admin, { webhookId }))
    await expectFlatPlans(() => listWebhookDeliveries(admin, { webhookId, after: first.next ?? undefined }))
  })

  it('the metrics: every figure of a period is an indexed range, whatever the history', async () => {
    // Aggregates sort what the period holds (percentiles, groups), which grows with the board's
    // activity in the period, not with its history: sorts are allowed. At 50,000 changes a hash
    // join over the whole of ChangeRequest is honestly cheaper than a period's index lookups, so
    // the planner is asked for its best plan without sequential scans: if it still scans, no
    // index serves the figure, and at a million changes the scan would be all it has.
    await client.query('SET enable_seqscan = off')
    try {
      await expectFlatPlans(() => computeMetrics(manager, ZMetricsInput.parse({ period: '30' })), Number.POSITIVE_INFINITY)
      await expectFlatPlans(() => computeMetrics(manager, ZMetricsInput.parse({ period: '90', serviceId })), Number.POSITIVE_INFINITY)
    } finally {
      await client.query('RESET enable_seqscan')
    }
  })

  it('the timed notices job: each event is an indexed range on its anchor, whatever the history', async () => {
    // Now, and a week back (in-progress and finished changes sit behind it): every scan, the
    // unsigned-approver lookup, the key check and the notices it writes stay on indexes.
    // (It sends real notices into this database, so it runs last.)
    const now = new Date(scheduled.windowStart.getTime() - 30 * 60_000)
    await expectFlatPlans(() => sendTimedNotices(now))
    await expectFlatPlans(() => sendTimedNotices(new Date(now.getTime() - 7 * 86_400_000)))
  })
})
