import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The audit trail and sign-offs are evidence: the database refuses to alter them
// even for a client that bypasses the application.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL })

beforeAll(async () => {
  await client.connect()
  await client.query(`INSERT INTO "AuditEvent" ("entityType", "entityId", action, details) VALUES ('test', 'x', 'test.recorded', '{}')`)
})
afterAll(() => client.end())

describe('AuditEvent table', () => {
  it('accepts inserts', async () => {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "AuditEvent"`)
    expect(rows[0].n).toBe(1)
  })

  it.each([
    ['UPDATE', `UPDATE "AuditEvent" SET action = 'tampered'`],
    ['DELETE', `DELETE FROM "AuditEvent"`],
    ['TRUNCATE', `TRUNCATE "AuditEvent"`],
  ])('refuses %s', async (operation, sql) => {
    await expect(client.query(sql)).rejects.toThrow(`${operation} on "AuditEvent" is not allowed`)
    const { rows } = await client.query(`SELECT action FROM "AuditEvent"`)
    expect(rows).toEqual([{ action: 'test.recorded' }])
  })
})

describe('SignOff table', () => {
  it.each([
    ['UPDATE', `UPDATE "SignOff" SET statement = 'tampered'`],
    ['DELETE', `DELETE FROM "SignOff"`],
  ])('refuses %s', async (operation, sql) => {
    // The trigger fires per row, so a row must exist: build the smallest valid chain.
    await client.query('BEGIN')
    try {
      const user = await client.query(`INSERT INTO "User" (id, email, name, roles, "updatedAt") VALUES (gen_random_uuid(), 'a' || gen_random_uuid() || '@x.test', 'A', '{APPROVER}', now()) RETURNING id`)
      // EMERGENCY: the one kind of change whose requester may write its own (SOFT) freeze exception.
      const change = await client.query(
        `INSERT INTO "ChangeRequest" (id, number, title, type, "requesterId", "updatedAt") VALUES (gen_random_uuid(), floor(random()*1e9)::int, 't', 'EMERGENCY', $1, now()) RETURNING id`,
        [user.rows[0].id],
      )
      await client.query(
        `INSERT INTO "SignOff" (id, "changeId", "approverId", decision, statement, signature, "revisionNumber", fingerprint)
         VALUES (gen_random_uuid(), $1, $2, 'APPROVED', 'statement', 'A', 1, 'f')`,
        [change.rows[0].id, user.rows[0].id],
      )
      await expect(client.query(sql)).rejects.toThrow(`${operation} on "SignOff" is not allowed`)
    } finally {
      await client.query('ROLLBACK')
    }
  })
})

describe('ChangeRevision and FreezeException tables (the signed content and the written excuses)', () => {
  it.each([
    ['ChangeRevision', 'UPDATE', `UPDATE "ChangeRevision" SET content = '{}'`],
    ['ChangeRevision', 'DELETE', `DELETE FROM "ChangeRevision"`],
    ['FreezeException', 'UPDATE', `UPDATE "FreezeException" SET "grantedSeverity" = 'HARD'`],
    ['FreezeException', 'DELETE', `DELETE FROM "FreezeException"`],
  ])('%s refuses %s', async (table, operation, sql) => {
    await client.query('BEGIN')
    try {
      const user = await client.query(`INSERT INTO "User" (id, email, name, roles, "updatedAt") VALUES (gen_random_uuid(), 'a' || gen_random_uuid() || '@x.test', 'A', '{ADMIN}', now()) RETURNING id`)
      const userId = user.rows[0].id
      // EMERGENCY: the one kind of change whose requester may write its own (SOFT) freeze exception.
      const change = await client.query(
        `INSERT INTO "ChangeRequest" (id, number, title, type, "requesterId", "updatedAt") VALUES (gen_random_uuid(), floor(random()*1e9)::int, 't', 'EMERGENCY', $1, now()) RETURNING id`,
        [userId],
      )
      const changeId = change.rows[0].id
      await client.query(`INSERT INTO "ChangeRevision" (id, "changeId", number, fingerprint, content, "createdById") VALUES (gen_random_uuid(), $1, 1, 'f', '{"purpose":"signed"}', $2)`, [changeId, userId])
      const freeze = await client.query(
        `INSERT INTO "FreezePeriod" (id, name, reason, "startsAt", "endsAt", severity, "createdById", "updatedAt") VALUES (gen_random_uuid(), 'F', 'R', now(), now() + interval '1 day', 'SOFT', $1, now()) RETURNING id`,
        [userId],
      )
      await client.query(
        `INSERT INTO "FreezeException" (id, "changeId", "freezeId", "revisionNumber", fingerprint, "grantedSeverity", "freezeRevision", justification, "grantedById")
         VALUES (gen_random_uuid(), $1, $2, 1, 'f', 'SOFT', 1, 'why', $3)`,
        [changeId, freeze.rows[0].id, userId],
      )
      await expect(client.query(sql)).rejects.toThrow(`${operation} on "${table}" is not allowed`)
    } finally {
      await client.query('ROLLBACK')
    }
  })
})

describe('ChangeUpdate table (what was posted during the work)', () => {
  it.each([
    ['UPDATE', `UPDATE "ChangeUpdate" SET body = 'tampered'`],
    ['DELETE', `DELETE FROM "ChangeUpdate"`],
    ['TRUNCATE', `TRUNCATE "ChangeUpdate"`],
  ])('refuses %s', async (operation, sql) => {
    await client.query('BEGIN')
    try {
      const user = await client.query(`INSERT INTO "User" (id, email, name, roles, "updatedAt") VALUES (gen_random_uuid(), 'a' || gen_random_uuid() || '@x.test', 'A', '{CHANGE_MANAGER}', now()) RETURNING id`)
      const userId = user.rows[0].id
      // EMERGENCY: the one kind of change whose requester may write its own (SOFT) freeze exception.
      const change = await client.query(
        `INSERT INTO "ChangeRequest" (id, number, title, type, "requesterId", "updatedAt") VALUES (gen_random_uuid(), floor(random()*1e9)::int, 't', 'EMERGENCY', $1, now()) RETURNING id`,
        [userId],
      )
      await client.query(`INSERT INTO "ChangeUpdate" (id, "changeId", "authorId", body) VALUES (gen_random_uuid(), $1, $2, 'step 2 of 4 done')`, [change.rows[0].id, userId])
      await expect(client.query(sql)).rejects.toThrow(`${operation} on "ChangeUpdate" is not allowed`)
    } finally {
      await client.query('ROLLBACK')
    }
  })
})
