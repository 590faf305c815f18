import 'server-only'
import { exceptionHolds } from '@/lib/domain/freeze/exception'
import type { Tx } from '@/lib/server/db'

export type HoldingException = { changeId: string; freezeId: string; fingerprint: string }

/**
 * The exceptions that still excuse these changes: granted for each change's
 * current fingerprint and for its freeze's current severity and revision.
 * Lapsed ones stay in the table (it is append-only) but count for nothing.
 */
export async function loadHoldingExceptions(tx: Tx, changes: readonly { id: string; fingerprint: string | null }[]): Promise<HoldingException[]> {
  const current = new Map(changes.map((c) => [c.id, c.fingerprint]))
  if (current.size === 0) return []
  const rows = await tx.freezeException.findMany({
    where: { changeId: { in: [...current.keys()] } },
    select: {
      changeId: true,
      freezeId: true,
      fingerprint: true,
      grantedSeverity: true,
      freezeRevision: true,
      freeze: { select: { severity: true, revision: true } },
    },
  })
  return rows
    .filter((row) => exceptionHolds(row, row.freeze, current.get(row.changeId) ?? null))
    .map(({ changeId, freezeId, fingerprint }) => ({ changeId, freezeId, fingerprint }))
}
