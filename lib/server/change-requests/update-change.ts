import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import { notify } from '@/lib/server/notifications/notify'
import type { TChangeFields, TChangeRef } from './schemas'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { assertVersion, loadChange } from '@/lib/server/lifecycle/change'
import { saveEdits, type SaveOutcome } from './save-edits'

export type UpdateChangeResult = SaveOutcome & { id: string; number: string }

/**
 * Saves the edit form. Stale forms get CONFLICT (naming who saved last); a
 * material edit of a submitted, approved or scheduled change becomes a new
 * revision back in SUBMITTED, and its approvers are asked again.
 */
export async function updateChange(actor: Actor, ref: TChangeRef, fields: TChangeFields): Promise<UpdateChangeResult> {
  assertCan(actor, 'change:edit', await loadChange(prisma, ref.changeId))
  const result = await runTransaction(async (tx) => {
    await lockChange(tx, ref.changeId)
    const change = await loadChange(tx, ref.changeId)
    assertCan(actor, 'change:edit', change)
    await assertVersion(tx, actor, change, ref.version)
    const outcome = await saveEdits(tx, actor, change, fields, new Date())
    return { ...outcome, id: change.id, number: formatChangeNumber(change.number) }
  })
  if (result.kind === 'revised') {
    await notify(
      { userIds: result.approverIds, changeId: result.id, message: `${actor.name} revised ${result.number} (revision ${result.revision}); your sign-off is needed again.` },
      { except: actor.id },
    )
  }
  return result
}
