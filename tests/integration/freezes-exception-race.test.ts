// Granting an exception while an admin raises the freeze to HARD. The grant
// takes the freeze-calendar lock, so it waits for the edit and then judges the
// freeze as it is after it: a change manager's SOFT excuse is never written
// against a freeze that has just become HARD.
import { describe, expect, it } from 'vitest'
import pg from 'pg'
import { prisma } from '@/lib/server/db'
import { createFreeze } from '@/lib/server/freezes/save-freeze'
import { ZCreateFreezeInput } from '@/lib/server/freezes/schemas'
import { grantFreezeException } from '@/lib/server/freezes/grant-freeze-exception'
import { createApprovedChange } from '@/tests/factories/sign-offs'
import { arrangePeople, at, exceptionInput } from './freezes-support'

/** Resolves once some other session waits for an advisory lock (the grant queued behind ours). */
async function someoneWaitsForAdvisoryLock(client: pg.Client): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    )
    if ((rows[0]?.n ?? 0) > 0) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('the grant never waited for the freeze-calendar lock')
}

describe('granting an exception is serialised with freeze edits', () => {
  it('waits for a concurrent raise to HARD, then refuses the change manager', async () => {
    const p = await arrangePeople()
    const change = await createApprovedChange(prisma, {
      requesterId: p.requester.id,
      serviceIds: [p.service.id],
      type: 'EMERGENCY',
      windowStart: at('2034-03-01T10:00'),
      windowEnd: at('2034-03-01T11:00'),
    })
    const freeze = await createFreeze(
      p.admin,
      ZCreateFreezeInput.parse({
        name: 'Quarter close',
        reason: 'Finance closes the quarter',
        startsAtLocal: '2034-03-01T00:00',
        endsAtLocal: '2034-03-02T00:00',
        timeZone: 'UTC',
        scope: 'ALL_SERVICES',
        severity: 'SOFT',
      }),
    )
    const input = await exceptionInput(change.id, freeze.id, 'The outage fix must ship before the quarter closes.')

    // An admin's edit holds the calendar lock (as updateFreeze does) while the grant arrives.
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
    const observer = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await Promise.all([admin.connect(), observer.connect()])
    try {
      await admin.query('BEGIN')
      await admin.query('SELECT pg_advisory_xact_lock(4242001)')
      const grant = grantFreezeException(p.manager, input).then(
        () => 'granted',
        (error: { code?: string }) => error.code ?? 'error',
      )
      await someoneWaitsForAdvisoryLock(observer)
      await admin.query(`UPDATE "FreezePeriod" SET severity = 'HARD', revision = revision + 1 WHERE id = $1`, [freeze.id])
      await admin.query('COMMIT')
      // The grant judged the freeze after the edit: HARD, which only an admin may excuse.
      expect(await grant).toBe('FORBIDDEN')
    } finally {
      await Promise.all([admin.end(), observer.end()])
    }
    expect(await prisma.freezeException.count({ where: { changeId: change.id } })).toBe(0)
  })
})
