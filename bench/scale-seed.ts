import pg from 'pg'

/**
 * Set-based scale data (generate_series, no per-row round trips), shared by
 * `npm run seed:scale` and the plan guard (tests/integration/query-plans.test.ts).
 *
 * The shape follows a real board: changes spread over five years back and one
 * year ahead (the next six weeks as busy as the past, further out a tenth of
 * that), each filed 14 days before its window or, for work further ahead,
 * during the last month, with its history in order between filing and its
 * window or now (nothing is dated in the future), statuses that fit their window (history is settled, the future
 * is drafts, sign-off, approved and scheduled work, the present is in
 * progress), 1–3 services each, the services' owners as required approvers
 * (never the requester), revisions with snapshots, sign-offs that match each
 * status and fingerprint (stale ones on older revisions), comments, audit
 * events, notifications, one-off and recurring freezes; emergency changes
 * reviewed after they ran, bar one in twenty. A scheduled or
 * in-progress change never overlaps a freeze in scope (those are demoted to
 * APPROVED), so the data satisfies the gate's invariant and the database
 * backstop, like real data.
 */
export type ScaleOptions = {
  changes: number
  users: number
  freezes: number
  /** bcrypt hash given to every generated user (null: they cannot sign in). */
  passwordHash: string | null
  now?: Date
  log?: (line: string) => void
}

/** Generated users' addresses end with this; it is how a database is recognised as holding only seed data. */
export const SCALE_EMAIL_DOMAIN = 'scale.changeboard.test'

// Tables whose secondary indexes are dropped during the bulk insert and rebuilt after (much faster than row by row).
// Where windows fall: five years back, six weeks ahead at the same rate, and the rest of the year ahead (see window_day).
const PAST_DAYS = 5 * 365.25
const NEAR_DAYS = 42
const FAR_DAYS = 365 - NEAR_DAYS
const BULK_TABLES = ['ChangeRequest', 'ChangeService', 'ChangeApprover', 'ChangeRevision', 'SignOff', 'Comment', 'AuditEvent', 'Notification']

const int = (value: number, name: string) => {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got ${value}`)
  return value
}

export async function seedScale(databaseUrl: string, options: ScaleOptions): Promise<void> {
  const n = int(options.changes, 'changes')
  const users = Math.max(int(options.users, 'users'), 20)
  const freezes = int(options.freezes, 'freezes')
  const now = (options.now ?? new Date()).toISOString()
  const log = options.log ?? (() => undefined)
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const started = Date.now()
    const result = await client.query(sql, params)
    log(`${label.padEnd(44)} ${String(result.rowCount ?? '').padStart(9)} rows  ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  try {
    await client.query('BEGIN')
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL work_mem = '64MB'; SET LOCAL synchronous_commit = off`)
    // Foreign-key checks row by row are most of the insert time; every reference below is built from rows just
    // inserted, so a superuser (the embedded server) skips them. Elsewhere the checks simply run.
    await client.query('SAVEPOINT replica')
    await client.query(`SET LOCAL session_replication_role = replica`).then(
      () => client.query('RELEASE SAVEPOINT replica'),
      () => client.query('ROLLBACK TO SAVEPOINT replica'),
    )
    // h(i, salt): a stable pseudo-random non-negative integer per row, so every table agrees on each change's draw.
    await client.query(`CREATE FUNCTION pg_temp.h(i bigint, salt int) RETURNS int LANGUAGE sql IMMUTABLE AS
      $$ SELECT hashint8(i * 7919 + salt) & 2147483647 $$`)
    // window_day(f): the window of the change at position f in [0, 1], in days from now. Five years of history at an
    // even rate and the next six weeks at that rate too, then the rest of the year at a tenth of it: a board files work
    // weeks ahead, not a year ahead, so the recent weeks hold a real month's filings rather than a year's.
    await client.query(`CREATE FUNCTION pg_temp.window_day(f float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS
      $$ SELECT CASE WHEN p < ${PAST_DAYS + NEAR_DAYS} THEN p - ${PAST_DAYS} ELSE ${NEAR_DAYS} + (p - ${PAST_DAYS + NEAR_DAYS}) * 10 END
           FROM (SELECT f * ${PAST_DAYS + NEAR_DAYS + FAR_DAYS / 10} AS p) x $$`)
    // at(c, f): a moment a fraction f of the way from the change's filing to its window (or to now, if that is sooner),
    // so every change's history runs in order and nothing happens in the future.
    await client.query(`CREATE FUNCTION pg_temp.at(filed timestamptz, fin timestamptz, f float8) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS
      $$ SELECT filed + f * (fin - filed) $$`)
    const indexes = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [BULK_TABLES],
    )
    for (const index of indexes.rows) await client.query(`DROP INDEX "${index.indexname}"`)

    await step(
      'users',
      `INSERT INTO "User" (id, email, name, "passwordHash", roles, "timeZone", "updatedAt")
       SELECT gen_random_uuid(), 'person' || k || '@${SCALE_EMAIL_DOMAIN}', 'Scale Person ' || k, $1,
              CASE WHEN k % 10 = 0 THEN ARRAY['CHANGE_MANAGER', 'APPROVER']::"Role"[]
                   WHEN k % 10 < 4 THEN ARRAY['APPROVER']::"Role"[]
                   ELSE ARRAY['REQUESTER']::"Role"[] END,
              (ARRAY['UTC', 'Europe/London', 'America/New_York', 'Asia/Tokyo', 'Europe/Berlin'])[1 + k % 5], now()
         FROM generate_series(1, ${users}) k
       ON CONFLICT (email) DO NOTHING`,
      [options.passwordHash],
    )
    // Requesters and approvers are disjoint pools, so nobody ever approves their own change.
    await client.query(`CREATE TEMP TABLE s_req ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY email) - 1 AS k, id FROM "User"
       WHERE active AND roles = ARRAY['REQUESTER']::"Role"[]`)
    await client.query(`CREATE TEMP TABLE s_appr ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY email) - 1 AS k, id, name, email FROM "User"
       WHERE active AND 'APPROVER' = ANY(roles) AND NOT 'REQUESTER' = ANY(roles)`)
    const services = Math.max(30, Math.floor(users / 20))
    await step(
      'services',
      `INSERT INTO "Service" (id, name, description, criticality, "ownerId", "updatedAt")
       SELECT gen_random_uuid(), 'Scale Service ' || lpad(g.k::text, 4, '0'), 'Generated for scale tests.',
              (ARRAY['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']::"ServiceCriticality"[])[1 + g.k % 4],
              (SELECT a.id FROM s_appr a WHERE a.k = g.k % (SELECT count(*) FROM s_appr)), now()
         FROM generate_series(1, ${services}) AS g(k)
       ON CONFLICT (name) DO NOTHING`,
    )
    await client.query(`CREATE TEMP TABLE s_svc ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY name) - 1 AS k, id, "ownerId" FROM "Service" WHERE name LIKE 'Scale Service %'`)
    // Every change draws its requester and services by position in these lists.
    await client.query(`CREATE INDEX ON s_req (k); CREATE INDEX ON s_appr (k); CREATE INDEX ON s_svc (k); ANALYZE s_req; ANALYZE s_appr; ANALYZE s_svc`)

    // One row per change with every draw it needs; the inserts below read it.
    await step(
      'plan changes',
      `CREATE TEMP TABLE s_chg ON COMMIT DROP AS
       WITH base AS (
         SELECT i, gen_random_uuid() AS id,
                (SELECT coalesce(max(number), 0) FROM "ChangeRequest") + i AS number,
                date_trunc('hour', '${now}'::timestamptz + pg_temp.window_day(i::float8 / ${Math.max(n, 1)}) * interval '1 day')
                  + (pg_temp.h(i, 1) % 4) * interval '15 minutes' AS ws,
                (1 + pg_temp.h(i, 2) % 8) * interval '1 hour' AS len,
                pg_temp.h(i, 3) % 100 AS roll
           FROM generate_series(1, ${n}) i)
       SELECT b.*, b.ws + b.len AS we,
              -- Filed 14 days before the window, or (for work further ahead) some time in the last month.
              CASE WHEN b.ws - interval '14 days' <= '${now}' THEN b.ws - interval '14 days'
                   ELSE '${now}'::timestamptz - (1 + pg_temp.h(i, 7) % 720) * interval '1 hour' END AS filed,
              CASE WHEN b.ws + b.len <= '${now}' THEN
                     CASE WHEN roll < 55 THEN 'COMPLETED' WHEN roll < 78 THEN 'CLOSED' WHEN roll < 86 THEN 'CANCELLED'
                          WHEN roll < 91 THEN 'REJECTED' WHEN roll < 94 THEN 'ROLLED_BACK' WHEN roll < 96 THEN 'FAILED'
                          WHEN roll < 98 THEN 'DRAFT' ELSE 'COMPLETED' END
                   WHEN b.ws <= '${now}' THEN 'IN_PROGRESS'
                   ELSE CASE WHEN roll < 12 THEN 'DRAFT' WHEN roll < 40 THEN 'SUBMITTED' WHEN roll < 58 THEN 'APPROVED'
                             WHEN roll < 94 THEN 'SCHEDULED' ELSE 'CANCELLED' END
              END::"ChangeStatus" AS status,
              (SELECT id FROM s_req WHERE s_req.k = pg_temp.h(b.i, 4) % (SELECT count(*) FROM s_req)) AS requester,
              1 + pg_temp.h(b.i, 5) % 3 AS nsvc,
              CASE WHEN pg_temp.h(b.i, 6) % 5 = 0 THEN 2 ELSE 1 END AS revs
         FROM base b`,
    )
    await client.query(`ALTER TABLE s_chg ADD COLUMN revision int, ADD COLUMN fp text;
      ALTER TABLE s_chg ADD COLUMN fin timestamptz;
      UPDATE s_chg SET fin = least(ws, '${now}'::timestamptz);
      UPDATE s_chg SET revision = CASE WHEN status = 'DRAFT' THEN 0 ELSE revs END;
      UPDATE s_chg SET fp = CASE WHEN revision = 0 THEN NULL ELSE encode(sha256(convert_to(id::text || ':' || revision, 'UTF8')), 'hex') END;
      CREATE INDEX ON s_chg (id); ANALYZE s_chg`)

    const verbs = `ARRAY['Upgrade', 'Patch', 'Migrate', 'Restart', 'Resize', 'Rotate certificates on', 'Replace', 'Tune', 'Deploy', 'Decommission', 'Reindex', 'Fail over']`
    const things = `ARRAY['Kafka brokers', 'PostgreSQL primary', 'load balancers', 'DNS resolvers', 'payment gateway', 'Redis cluster', 'object storage', 'CI runners', 'VPN concentrators', 'search cluster', 'mail relays', 'identity provider', 'data warehouse', 'API gateway', 'batch scheduler']`
    const places = `ARRAY['eu-west-1', 'us-east-1', 'ap-south-1', 'the London office', 'the DR site', 'staging and production', 'all regions']`
    const why = `ARRAY['the vendor ends support this quarter', 'a security advisory requires it', 'capacity runs out at peak', 'latency breaches the SLO', 'the licence renewal demands it', 'an audit finding asks for it']`
    // The board reviews its emergency changes after they run: all but one in twenty of those finished over two weeks ago.
    const EMERGENCY_REVIEWED = `(pg_temp.h(c.i, 13) % 10 = 0 AND c.status IN ('COMPLETED', 'ROLLED_BACK', 'FAILED')
      AND c.we < '${now}'::timestamptz - interval '14 days' AND pg_temp.h(c.i, 32) % 20 <> 0)`
    await step(
      'changes',
      `INSERT INTO "ChangeRequest" (id, number, title, type, status, "requesterId", purpose, "currentState", "futureState",
         "implementationPlan", "rollbackPlan", "monitoringPlan", "testEvidence", "communicationPlan", "riskLevel", "impactDescription",
         "windowStart", "windowEnd", revision, fingerprint, "startedAt", "finishedAt", "outcomeNotes", "reviewNotes", "reviewedAt",
         "cancelReason", "createdAt", "updatedAt")
       SELECT c.id, c.number,
              (${verbs})[1 + pg_temp.h(c.i, 10) % 12] || ' ' || (${things})[1 + pg_temp.h(c.i, 11) % 15] || ' in ' || (${places})[1 + pg_temp.h(c.i, 12) % 7],
              (CASE pg_temp.h(c.i, 13) % 10 WHEN 0 THEN 'EMERGENCY' WHEN 1 THEN 'STANDARD' WHEN 2 THEN 'STANDARD' ELSE 'NORMAL' END)::"ChangeType",
              c.status, c.requester,
              'We need this because ' || (${why})[1 + pg_temp.h(c.i, 14) % 6] || '; the ' || (${things})[1 + pg_temp.h(c.i, 11) % 15] || ' must keep serving traffic throughout.',
              'Running the current version with known issues.', 'Running the supported version.',
              '1. Drain traffic. 2. Apply the change node by node. 3. Verify health checks. 4. Restore traffic.',
              'Restore the previous version from the snapshot taken in step 1 and re-enable traffic.',
              'Dashboards for error rate and latency, with paging alerts during the window.',
              'Rehearsed in staging the week before.', 'Status page notice and a message to the on-call channel.',
              (ARRAY['LOW', 'MEDIUM', 'HIGH']::"RiskLevel"[])[1 + pg_temp.h(c.i, 15) % 3],
              'Brief degradation possible for the affected service.',
              c.ws, c.we, c.revision, c.fp,
              CASE WHEN c.status IN ('IN_PROGRESS', 'COMPLETED', 'CLOSED', 'ROLLED_BACK', 'FAILED') THEN c.ws END,
              CASE WHEN c.status IN ('COMPLETED', 'CLOSED', 'ROLLED_BACK', 'FAILED') THEN c.we END,
              CASE WHEN c.status IN ('COMPLETED', 'CLOSED', 'ROLLED_BACK', 'FAILED') THEN 'Finished as planned; see the monitoring notes.' END,
              CASE WHEN c.status = 'CLOSED' OR ${EMERGENCY_REVIEWED} THEN 'Reviewed at the weekly board; no follow-up needed.' END,
              CASE WHEN c.status = 'CLOSED' OR ${EMERGENCY_REVIEWED} THEN c.we + interval '3 days' END,
              CASE WHEN c.status = 'CANCELLED' THEN 'No longer needed after the vendor fixed the issue.' END,
              c.filed, c.fin
         FROM s_chg c`,
    )
    await step(
      'change services',
      `INSERT INTO "ChangeService" ("changeId", "serviceId")
       SELECT c.id, s.id FROM s_chg c CROSS JOIN generate_series(0, 2) j
         JOIN s_svc s ON s.k = (pg_temp.h(c.i, 20) + j * 7) % (SELECT count(*) FROM s_svc)
        WHERE j < c.nsvc`,
    )
    // Required approvers: the owners of the change's services, plus (rarely) a nominated demo approver so the bench's approver has a queue.
    // Triggers are off during the bulk load, so the seed sets what the seat trigger would (changeSubmitted, window start, number).
    await step(
      'approvers',
      `INSERT INTO "ChangeApprover" ("changeId", "userId", source, "createdAt", "changeSubmitted", "changeWindowStart", "changeNumber")
       SELECT DISTINCT cs."changeId", s."ownerId", 'SERVICE_OWNER'::"ApproverSource", '${now}'::timestamptz, c.status = 'SUBMITTED', c.ws, c.number
         FROM "ChangeService" cs JOIN s_chg c ON c.id = cs."changeId" JOIN s_svc s ON s.id = cs."serviceId"
       UNION ALL
       SELECT c.id, a.id, 'NOMINATED'::"ApproverSource", '${now}'::timestamptz, c.status = 'SUBMITTED', c.ws, c.number
         FROM s_chg c JOIN s_appr a ON a.email IN ('approver@example.com', 'manager@example.com')
        WHERE pg_temp.h(c.i, 21) % 40 = 0
       ON CONFLICT DO NOTHING`,
    )
    // The approval policy snapshot each submitted change carries (the default policy: owners ALL, nominees ALL),
    // which the backstop checks for scheduled and in-progress ones.
    await step(
      'approval rules',
      `INSERT INTO "ChangeApprovalRule" (id, "changeId", position, stage, description, mode, required, "eligibleIds")
       SELECT gen_random_uuid(), r."changeId", row_number() OVER (PARTITION BY r."changeId" ORDER BY r.kind), 1, r.description, 'ALL', cardinality(r.ids), r.ids
         FROM (SELECT a."changeId", 1 AS kind, 'all owners of the affected services' AS description, array_agg(a."userId" ORDER BY a."userId") AS ids
                 FROM "ChangeApprover" a JOIN s_chg c ON c.id = a."changeId"
                WHERE c.revision > 0 AND a.source = 'SERVICE_OWNER' GROUP BY a."changeId"
               UNION ALL
               SELECT a."changeId", 2, 'all of ' || string_agg(u.name, ', ' ORDER BY u.name) || ' (nominated)', array_agg(a."userId" ORDER BY u.name)
                 FROM "ChangeApprover" a JOIN s_chg c ON c.id = a."changeId" JOIN s_appr u ON u.id = a."userId"
                WHERE c.revision > 0 AND a.source = 'NOMINATED' GROUP BY a."changeId") r`,
    )
    await step(
      'revisions',
      `INSERT INTO "ChangeRevision" (id, "changeId", number, fingerprint, content, "createdById", "createdAt")
       SELECT gen_random_uuid(), c.id, r, encode(sha256(convert_to(c.id::text || ':' || r, 'UTF8')), 'hex'),
              jsonb_build_object('purpose', cr.purpose, 'currentState', cr."currentState", 'futureState', cr."futureState",
                'implementationPlan', cr."implementationPlan",
                'rollbackPlan', CASE WHEN r < c.revision THEN 'Restore the previous version.' ELSE cr."rollbackPlan" END,
                'monitoringPlan', cr."monitoringPlan", 'testEvidence', cr."testEvidence", 'communicationPlan', cr."communicationPlan",
                'impactDescription', cr."impactDescription", 'type', cr.type, 'riskLevel', cr."riskLevel",
                'windowStart', to_char(c.ws AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'windowEnd', to_char(c.we AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'serviceIds', sv.ids),
              c.requester, pg_temp.at(c.filed, c.fin, (r - 1) * 2 / 14.0)
         FROM s_chg c JOIN "ChangeRequest" cr ON cr.id = c.id CROSS JOIN generate_series(1, 2) r
         JOIN (SELECT cs."changeId", jsonb_agg(cs."serviceId"::text ORDER BY cs."serviceId"::text) AS ids
                 FROM "ChangeService" cs JOIN s_chg x ON x.id = cs."changeId" GROUP BY cs."changeId") sv ON sv."changeId" = c.id
        WHERE r <= c.revision`,
    )
    // Every approver approved the current revision of anything approved or later; a rejected change has one rejection;
    // a submitted one has some approvals; a revised one keeps the (now stale) approvals of revision 1.
    await step(
      'sign-offs',
      `INSERT INTO "SignOff" (id, "changeId", "approverId", decision, statement, signature, "revisionNumber", fingerprint, "signedAt")
       SELECT gen_random_uuid(), c.id, a."userId", d.decision,
              CASE WHEN d.decision = 'REJECTED' THEN 'Rejected: the rollback plan does not say how long a restore takes.'
                   ELSE 'I reviewed the implementation, rollback and monitoring plans for this revision; the risk is acceptable.' END,
              u.name, d.r, encode(sha256(convert_to(c.id::text || ':' || d.r, 'UTF8')), 'hex'),
              pg_temp.at(c.filed, c.fin, (7 + d.r * 2) / 14.0)
         FROM s_chg c
         JOIN "ChangeApprover" a ON a."changeId" = c.id
         JOIN "User" u ON u.id = a."userId"
         CROSS JOIN LATERAL (
           SELECT 1 AS r, 'APPROVED'::"SignOffDecision" AS decision WHERE c.revision = 2 AND c.status <> 'CANCELLED'
           UNION ALL
           SELECT c.revision, 'APPROVED' WHERE c.revision > 0 AND (
                  c.status IN ('APPROVED', 'SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'ROLLED_BACK', 'FAILED')
               OR (c.status = 'SUBMITTED' AND pg_temp.h(c.i, hashtext(a."userId"::text)) % 3 = 0))
           UNION ALL
           SELECT c.revision, 'REJECTED' WHERE c.status = 'REJECTED'
             AND a."userId" = (SELECT min(x."userId"::text)::uuid FROM "ChangeApprover" x WHERE x."changeId" = c.id)
         ) d`,
    )
    await step(
      'comments',
      `INSERT INTO "Comment" (id, "changeId", "authorId", body, "isConcern", "createdAt")
       SELECT gen_random_uuid(), c.id, c.requester,
              CASE WHEN pg_temp.h(c.i, 31) % 10 = 0 THEN 'Concern: the window overlaps the month-end batch.' ELSE 'Updated the plan after the dry run.' END,
              pg_temp.h(c.i, 31) % 10 = 0, pg_temp.at(c.filed, c.fin, 4 / 14.0)
         FROM s_chg c WHERE pg_temp.h(c.i, 30) % 5 = 0`,
    )
    await step(
      'audit events',
      `INSERT INTO "AuditEvent" ("changeId", "entityType", "entityId", "actorId", action, "fromStatus", "toStatus", details, at)
       SELECT c.id, 'ChangeRequest', c.id::text, c.requester, e.action, e.from_status, e.to_status, e.details, e.at
         FROM s_chg c CROSS JOIN LATERAL (
           SELECT 'change.created' AS action, NULL::"ChangeStatus" AS from_status, 'DRAFT'::"ChangeStatus" AS to_status,
                  jsonb_build_object('title', 'Change', 'type', 'NORMAL') AS details, c.filed AS at
           UNION ALL
           SELECT 'change.submitted', 'DRAFT', 'SUBMITTED', jsonb_build_object('revision', 1, 'fingerprint', c.fp),
                  pg_temp.at(c.filed, c.fin, 1 / 14.0) WHERE c.revision > 0
           UNION ALL
           SELECT 'change.completed', 'IN_PROGRESS', 'COMPLETED', jsonb_build_object('notes', 'Finished as planned.'), c.we
            WHERE c.status IN ('COMPLETED', 'CLOSED')
         ) e`,
    )
    await step(
      'notifications',
      `INSERT INTO "Notification" (id, "userId", "changeId", message, "readAt", "createdAt")
       SELECT gen_random_uuid(), c.requester, c.id, 'CHG-' || lpad(c.number::text, 6, '0') || ' is now ' || lower(c.status::text) || '.',
              CASE WHEN c.we < '${now}' THEN c.we END, pg_temp.at(c.filed, c.fin, 13 / 14.0)
         FROM s_chg c WHERE c.status <> 'DRAFT'`,
    )
    // Freezes over the same six years: mostly one-off on one service, some on all services, some recurring (weekly, ended).
    await step(
      'freezes',
      `CREATE TEMP TABLE s_frz ON COMMIT DROP AS
       SELECT k, gen_random_uuid() AS id,
              date_trunc('hour', '${now}'::timestamptz + ((k::float8 / ${Math.max(freezes, 1)}) * 6 - 5) * 365.25 * interval '1 day') AS starts,
              pg_temp.h(k, 40) % 100 AS roll
         FROM generate_series(1, ${freezes}) k`,
    )
    await client.query(`INSERT INTO "FreezePeriod" (id, name, reason, "startsAt", "endsAt", "timeZone", scope, severity, rrule, "activeUntil", "createdById", "updatedAt")
       SELECT f.id, CASE WHEN f.roll < 10 THEN 'Weekend freeze ' ELSE 'Freeze ' END || f.k, 'Peak trading period.',
              f.starts, f.starts + CASE WHEN f.roll < 10 THEN interval '6 hours' WHEN f.roll < 15 THEN interval '4 hours' ELSE interval '2 days' END,
              'UTC', (CASE WHEN f.roll >= 10 AND f.roll < 15 THEN 'ALL_SERVICES' ELSE 'SELECTED_SERVICES' END)::"FreezeScope",
              (CASE WHEN f.roll % 5 < 2 THEN 'HARD' ELSE 'SOFT' END)::"FreezeSeverity",
              CASE WHEN f.roll < 10 THEN 'FREQ=WEEKLY;COUNT=8' END,
              f.starts + CASE WHEN f.roll < 10 THEN interval '7 weeks 6 hours' WHEN f.roll < 15 THEN interval '4 hours' ELSE interval '2 days' END,
              (SELECT id FROM s_appr ORDER BY k LIMIT 1), now()
         FROM s_frz f;
       INSERT INTO "FreezeService" ("freezeId", "serviceId")
       SELECT f.id, s.id FROM s_frz f JOIN s_svc s ON s.k = pg_temp.h(f.k, 41) % (SELECT count(*) FROM s_svc)
        WHERE NOT (f.roll >= 10 AND f.roll < 15)`)
    // Statistics first: without them the planner takes the fresh million-row tables for empty ones.
    await client.query(`ANALYZE "ChangeRequest"; ANALYZE "ChangeService"; ANALYZE "FreezePeriod"; ANALYZE "FreezeService"`)
    // The invariant: nothing scheduled or in progress inside a freeze in scope. The span covers every occurrence, so this is conservative.
    await step(
      'demote scheduled changes inside freezes',
      `UPDATE "ChangeRequest" c SET status = 'APPROVED', "startedAt" = NULL
         FROM s_chg s
        WHERE s.id = c.id AND c.status IN ('SCHEDULED', 'IN_PROGRESS')
          AND EXISTS (SELECT 1 FROM "FreezePeriod" f
                       WHERE f.span && c."window" AND f."archivedAt" IS NULL
                         AND (f.scope = 'ALL_SERVICES' OR EXISTS (
                              SELECT 1 FROM "FreezeService" fs JOIN "ChangeService" cs ON cs."serviceId" = fs."serviceId"
                               WHERE fs."freezeId" = f.id AND cs."changeId" = c.id)))`,
    )
    await client.query(`INSERT INTO "NumberSequence" (name, value) SELECT 'change', coalesce(max(number), 0) FROM "ChangeRequest"
                        ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`)
    for (const index of indexes.rows) {
      const started = Date.now()
      await client.query(index.indexdef)
      log(`index ${index.indexname.padEnd(38)} ${((Date.now() - started) / 1000).toFixed(1)} s`)
    }
    // Triggers were off (or fired row by row on half-built rows): the metrics' read model is rebuilt from what is now there.
    await step('metric facts', 'SELECT changeboard_rebuild_metric_facts()')
    await client.query('COMMIT')
    const started = Date.now()
    // VACUUM as well: autovacuum would set the visibility map of a million fresh rows anyway, in the middle of a
    // benchmark; done here, index-only scans work from the first request and the figures do not drift.
    await client.query('VACUUM (ANALYZE)')
    log(`vacuum and analyze ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    await client.end()
  }
}

/**
 * Users that neither the demo seed nor this one created. A database holding
 * any is someone's real board, which the scale seed must not flood.
 */
export async function countNonSeedUsers(databaseUrl: string, demoEmails: readonly string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "User" WHERE email NOT LIKE $1 AND NOT (email = ANY($2))`,
      [`%@${SCALE_EMAIL_DOMAIN}`, [...demoEmails]],
    )
    return rows[0]?.n ?? 0
  } finally {
    await client.end()
  }
}
