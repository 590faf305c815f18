import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'

/**
 * Remembers when the actor first opened the current revision of a change
 * they may read (the caller has just loaded it through the policy), for the
 * metrics' reading time: first view to decision. A person in a browser only:
 * a pipeline's token reads without reading. Drafts have no revision to read.
 * One conditional insert, a no-op once the row exists.
 */
export async function recordChangeView(actor: Actor, change: { id: string; revision: number }): Promise<void> {
  if (actor.via === 'token' || change.revision < 1) return
  await prisma.changeView.createMany({ data: [{ changeId: change.id, userId: actor.id, revision: change.revision }], skipDuplicates: true })
}
