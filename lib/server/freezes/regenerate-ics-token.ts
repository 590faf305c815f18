import 'server-only'
import { randomBytes } from 'node:crypto'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '../audit/record-audit'
import { prisma } from '../db'

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
