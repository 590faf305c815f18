import 'server-only'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { decideStatusUpdate } from '@/lib/domain/change-request/status-update'
import type { Actor } from '@/lib/domain/shared/types'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { loadChange } from '@/lib/server/lifecycle/change'
import { notify } from '@/lib/server/notifications/notify'
import { watchersOf } from '@/lib/server/notifications/watchers'
import { lockChange, runTransaction } from '@/lib/server/transaction'
import type { TPostStatusUpdateInput } from './schemas'

/** How much of the update a notice quotes. */
const QUOTED = 200

/**
 * The requester or a change manager reports progress while the change is
 * IN_PROGRESS. Under the change lock (so the work cannot finish between the
 * check and the write): the update, its audit event and a notice to the
 * watchers and the requester (never the author) commit together, or none do.
 */
export async function postStatusUpdate(actor: Actor, input: TPostStatusUpdateInput): Promise<{ id: string; createdAt: Date }> {
  assertCan(actor, 'change:post-update', await loadChange(prisma, input.changeId))
  return runTransaction(async (tx) => {
    await lockChange(tx, input.changeId)
    const change = await loadChange(tx, input.changeId)
    assertCan(actor, 'change:post-update', change)
    const decision = decideStatusUpdate(actor, change)
    if (!decision.ok) {
      const message = decision.reasons[0]?.message ?? 'This is not possible now.'
      throw new AppError(decision.forbidden ? 'FORBIDDEN' : 'REFUSED', message, { reasons: decision.reasons })
    }
    const update = await tx.changeUpdate.create({
      data: { changeId: change.id, authorId: actor.id, body: input.body },
      select: { id: true, createdAt: true },
    })
    await recordChangeAudit(tx, change.id, actor.id, [{ action: 'change.update-posted', details: { updateId: update.id, body: input.body } }])
    const quoted = input.body.length > QUOTED ? `${input.body.slice(0, QUOTED - 1)}…` : input.body
    await notify(
      {
        kind: 'status-update',
        userIds: [...(await watchersOf(tx, change.id)), change.requesterId],
        changeId: change.id,
        message: `${actor.name} posted an update on ${formatChangeNumber(change.number)}: ${quoted}`,
        detail: input.body,
      },
      { tx, except: actor.id },
    )
    return update
  })
}
