import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { runTransaction } from '@/lib/server/transaction'
import { notify } from '@/lib/server/notifications/notify'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { loadChange } from '@/lib/server/lifecycle/change'
import type { TAddCommentInput } from './schemas'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'

/** Anyone who can read a change can comment on it or raise a concern (shown prominently). */
export async function addComment(actor: Actor, input: TAddCommentInput): Promise<{ id: string }> {
  const change = await loadChange(prisma, input.changeId)
  assertCan(actor, 'change:read', change)
  assertCan(actor, 'change:comment', change)
  const comment = await runTransaction(async (tx) => {
    const row = await tx.comment.create({
      data: { changeId: change.id, authorId: actor.id, body: input.body, isConcern: input.isConcern },
      select: { id: true },
    })
    await recordChangeAudit(tx, change.id, actor.id, [{ action: 'comment.added', details: { commentId: row.id, isConcern: input.isConcern } }])
    const what = input.isConcern ? 'raised a concern on' : 'commented on'
    await notify(
      { kind: 'comment', userIds: [change.requesterId, ...(input.isConcern ? change.approverIds : [])], changeId: change.id, message: `${actor.name} ${what} ${formatChangeNumber(change.number)}.` },
      { tx, except: actor.id },
    )
    return row
  })
  return comment
}
