import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { prisma } from '@/lib/server/db'
import type { TUpdateOwnTimeZoneInput } from '@/lib/server/users/schemas'
import { randomBytes } from 'node:crypto'

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

/**
 * Gives the actor a new secret for their ICS feed URL; the old URL stops
 * working at once. 32 random bytes: unguessable, URL-safe.
 */
export async function regenerateIcsToken(actor: Actor): Promise<{ token: string }> {
  const token = randomBytes(32).toString('base64url')
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { icsToken: token } })
    // The token itself is a secret: never written to the audit trail.
    await recordAudit(tx, [{ action: 'user.ics-token-regenerated', actorId: actor.id, entityType: 'user', entityId: actor.id }])
  })
  return { token }
}
