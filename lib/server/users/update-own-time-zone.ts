import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { prisma } from '@/lib/server/db'
import type { TUpdateOwnTimeZoneInput } from './schemas'

/**
 * Everyone may choose the zone they read and enter times in; it changes how
 * times are shown, never the stored instants. Only the actor's own row.
 */
export async function updateOwnTimeZone(actor: Actor, input: TUpdateOwnTimeZoneInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { timeZone: true } })
    if (before.timeZone === input.timeZone) return
    await tx.user.update({ where: { id: actor.id }, data: { timeZone: input.timeZone } })
    await recordAudit(tx, [
      { action: 'user.updated', actorId: actor.id, entityType: 'user', entityId: actor.id, details: { from: before, to: { timeZone: input.timeZone } } },
    ])
  })
}
