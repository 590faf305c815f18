import 'server-only'
import { intersection, type Interval } from '@/lib/domain/freeze/overlap'
import { occurrencesBetween, type FreezeDefinition } from '@/lib/domain/freeze/recurrence'
import type { ChangeType } from '@/lib/generated/prisma/client'
import type { Tx } from '../db'
import { formatChangeNumber } from '@/lib/domain/change-request/number'

export type HitChange = {
  id: string
  number: string
  title: string
  type: ChangeType
  requesterId: string
  window: Interval
  /** First overlapping part of the window with an occurrence of the freeze. */
  overlap: Interval
  /** True when a valid exception (current fingerprint, and EMERGENCY for HARD) lets it stay scheduled. */
  excepted: boolean
}

type Row = { id: string; number: number; title: string; type: ChangeType; requesterId: string; windowStart: Date; windowEnd: Date; fingerprint: string | null; exceptionFingerprints: string[] }

/**
 * SCHEDULED changes the (new or edited) freeze would overlap, in scope. Used by
 * the form's impact preview and, inside the saving transaction, by the retro-check.
 * An exception counts only when granted for the change's current fingerprint and
 * the freeze's current revision at the severity the freeze will have; a preview
 * of an edit that will bump the revision passes `exceptionsLapse`.
 * IN_PROGRESS changes are already running and are not un-scheduled.
 */
export async function findScheduledChangesHitBy(
  tx: Tx,
  freeze: FreezeDefinition & { activeUntil: Date | null },
  options: { exceptionsLapse: boolean } = { exceptionsLapse: false },
): Promise<HitChange[]> {
  const rows = await tx.$queryRaw<Row[]>`
    SELECT c.id, c.number, c.title, c.type::text AS type, c."requesterId", c."windowStart", c."windowEnd", c.fingerprint,
           COALESCE((SELECT array_agg(e.fingerprint) FROM "FreezeException" e JOIN "FreezePeriod" f ON f.id = e."freezeId"
                      WHERE e."changeId" = c.id AND e."freezeId"::text = ${freeze.id}
                        AND NOT ${options.exceptionsLapse}
                        AND e."freezeRevision" = f.revision AND e."grantedSeverity"::text = ${freeze.severity}), '{}') AS "exceptionFingerprints"
      FROM "ChangeRequest" c
     WHERE c.status = 'SCHEDULED'
       AND c."window" && tstzrange(${freeze.startsAt}::timestamptz, ${freeze.activeUntil}::timestamptz, '[)')
       AND (${freeze.allServices} OR EXISTS (SELECT 1 FROM "ChangeService" cs
             WHERE cs."changeId" = c.id AND cs."serviceId" = ANY(${[...freeze.serviceIds]}::uuid[])))
     ORDER BY c."windowStart", c.number`
  const hits: HitChange[] = []
  for (const row of rows) {
    const window = { start: row.windowStart, end: row.windowEnd }
    const occurrences = occurrencesBetween(freeze, window)
    // A rule that cannot be fully evaluated covers the whole window (fail closed).
    const overlap = occurrences.complete ? occurrences.intervals.map((o) => intersection(o, window)).find((i) => i !== null) : window
    if (!overlap) continue
    const hasException = row.fingerprint !== null && row.exceptionFingerprints.includes(row.fingerprint)
    const excepted = hasException && (freeze.severity === 'SOFT' || row.type === 'EMERGENCY')
    hits.push({ id: row.id, number: formatChangeNumber(row.number), title: row.title, type: row.type, requesterId: row.requesterId, window, overlap, excepted })
  }
  return hits
}
