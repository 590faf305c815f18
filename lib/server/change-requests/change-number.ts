import 'server-only'
import type { Tx } from '@/lib/server/db'

/**
 * Gap-free, unique numbers: the sequence row is incremented inside the
 * creating transaction, so concurrent creators queue on its row lock and a
 * rolled-back creation gives its number back.
 */
export async function allocateChangeNumber(tx: Tx): Promise<number> {
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO "NumberSequence" (name, value) VALUES ('change', 1)
    ON CONFLICT (name) DO UPDATE SET value = "NumberSequence".value + 1
    RETURNING value`
  const value = rows[0]?.value
  if (value === undefined) throw new Error('NumberSequence returned no value')
  return value
}

