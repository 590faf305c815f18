import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { loadChange } from '@/lib/server/lifecycle/change'
import type { TSetChangeWatchInput } from './schemas'

/**
 * Starts or stops the actor watching a change (they then hear about it:
 * notifications/watchers.ts). Idempotent: watching twice keeps one row.
 * Not audited: it is the reader's own subscription, not an act on the change.
 */
export async function setChangeWatch(actor: Actor, input: TSetChangeWatchInput): Promise<{ watching: boolean; number: number }> {
  const change = await loadChange(prisma, input.changeId)
  assertCan(actor, 'change:read', change)
  assertCan(actor, 'change:watch', change)
  const key = { changeId: change.id, userId: actor.id }
  if (input.watch) {
    await prisma.changeWatch.createMany({ data: [key], skipDuplicates: true })
  } else {
    await prisma.changeWatch.deleteMany({ where: key })
  }
  return { watching: input.watch, number: change.number }
}
