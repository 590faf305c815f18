import { execFileSync } from 'node:child_process'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminQuery, withDatabase } from '../setup/postgres'

/**
 * prisma/schema.prisma and prisma/migrations must describe the same database.
 * The test database was built by running the migrations; a second database is
 * built from the SQL Prisma's own schema engine derives from schema.prisma.
 * Their catalogs must match, apart from the hand-written extras declared here.
 */
// Name → what its definition must contain (GiST ranges, trigram search, a partial keyset order).
const HAND_WRITTEN_INDEX_KINDS: Record<string, string> = {
  ChangeRequest_window_gist: 'USING gist',
  ChangeRequest_scheduled_window_gist: 'WHERE (status = ANY',
  FreezePeriod_span_gist: 'USING gist',
  ChangeRequest_in_flight_window_idx: 'WHERE (status = ANY',
  ChangeRequest_title_trgm: 'gin_trgm_ops',
  ChangeRequest_purpose_trgm: 'gin_trgm_ops',
  ChangeRequest_emergency_review_clock_idx: 'LEAST("finishedAt", "windowEnd")',
  ChangeApprover_open_userId_window_idx: 'WHERE "changeSubmitted"',
}
const HAND_WRITTEN_INDEXES = Object.keys(HAND_WRITTEN_INDEX_KINDS)
const HAND_WRITTEN_CONSTRAINTS = ['User_email_normalised', 'ChangeApprovalRule_required_fits', 'StandardTemplateVersion_limits', 'Service_maintenance_window_valid', 'RiskSettings_singleton', 'ChangeRequest_emergency_closed_with_review']
const HAND_WRITTEN_TRIGGERS = [
  'ApprovalPolicyVersion_append_only',
  'ChangeApprovalRule_keeps_change_schedulable',
  'AuditEvent_append_only',
  'AuditEvent_metric_facts',
  'AuditEvent_no_truncate',
  'ChangeApprover_change_submitted',
  'ChangeApprover_keeps_change_schedulable',
  'ChangeRequest_metric_fact',
  'ChangeRequest_schedulable',
  'ChangeRequest_submitted_to_approvers',
  'ChangeRevision_append_only',
  'ChangeRevision_no_truncate',
  'ChangeService_keeps_change_schedulable',
  'ChangeService_metric_fact',
  'ChangeUpdate_append_only',
  'ChangeUpdate_no_truncate',
  'ChangeView_decision_facts',
  'FreezeException_append_only',
  'FreezeException_no_truncate',
  'FreezeException_own_only_emergency_soft',
  'OwnerReplacement_keeps_change_schedulable',
  'SignOff_append_only',
  'SignOff_decision_fact',
  'SignOff_keeps_change_schedulable',
  'SignOff_no_truncate',
  'StandardTemplateSignOff_append_only',
  'StandardTemplateSignOff_no_truncate',
  'StandardTemplateVersion_immutable',
]

const CATALOG_QUERIES = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, '') AS column_default
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
            ORDER BY table_name, column_name`,
  indexes: `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
            ORDER BY indexname`,
  constraints: `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 't' AND conrelid::regclass::text <> '_prisma_migrations'
                ORDER BY 1, 2`,
  enums: `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
}

type Catalog = Record<keyof typeof CATALOG_QUERIES, Record<string, unknown>[]>

async function readCatalog(url: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const entries = await Promise.all(
      Object.entries(CATALOG_QUERIES).map(async ([key, sql]) => [key, (await client.query(sql)).rows] as const),
    )
    return Object.fromEntries(entries) as Catalog
  } finally {
    await client.end()
  }
}

const migratedUrl = process.env.DATABASE_URL as string
const fromSchemaDb = `changeboard_fromschema_${process.pid}`
const fromSchemaUrl = withDatabase(migratedUrl, fromSchemaDb)

describe('schema.prisma and the migrations', () => {
  beforeAll(async () => {
    const sql = execFileSync(process.execPath, ['scripts/prisma-diff.mjs'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: migratedUrl },
    })
    expect(sql).toContain('CREATE TABLE "ChangeRequest"')
    await adminQuery(migratedUrl, `DROP DATABASE IF EXISTS ${fromSchemaDb}`)
    await adminQuery(migratedUrl, `CREATE DATABASE ${fromSchemaDb}`)
    await adminQuery(fromSchemaUrl, sql)
  })

  afterAll(async () => {
    await adminQuery(migratedUrl, `DROP DATABASE IF EXISTS ${fromSchemaDb} WITH (FORCE)`)
  })

  it('define the same tables, columns, indexes, constraints and enums', async () => {
    const migrated = await readCatalog(migratedUrl)
    const fromSchema = await readCatalog(fromSchemaUrl)
    migrated.indexes = migrated.indexes.filter((row) => !HAND_WRITTEN_INDEXES.includes(String(row.indexname)))
    migrated.constraints = migrated.constraints.filter((row) => !HAND_WRITTEN_CONSTRAINTS.includes(String(row.conname)))
    expect(migrated.columns.length).toBeGreaterThan(50)
    expect(migrated).toEqual(fromSchema)
  })

  it('include the hand-written GiST, trigram and partial indexes, CHECK constraints and append-only triggers', async () => {
    const client = new pg.Client({ connectionString: migratedUrl })
    await client.connect()
    try {
      const indexes = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY($1)`, [HAND_WRITTEN_INDEXES])
      expect(indexes.rows.map((r) => r.indexname).sort()).toEqual([...HAND_WRITTEN_INDEXES].sort())
      for (const row of indexes.rows) expect(row.indexdef).toContain(HAND_WRITTEN_INDEX_KINDS[row.indexname])
      const checks = await client.query(`SELECT conname FROM pg_constraint WHERE contype = 'c' AND conname = ANY($1)`, [HAND_WRITTEN_CONSTRAINTS])
      expect(checks.rows.map((r) => r.conname).sort()).toEqual([...HAND_WRITTEN_CONSTRAINTS].sort())
      const triggers = await client.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`)
      expect(triggers.rows.map((r) => r.tgname)).toEqual([...HAND_WRITTEN_TRIGGERS].sort())
    } finally {
      await client.end()
    }
  })
})
