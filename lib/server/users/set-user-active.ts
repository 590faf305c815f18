import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import type { TSetUserActiveInput } from './schemas'

/**
 * Deactivation is immediate: getActor() refuses inactive users on their next
 * request and verifyCredentials refuses them at sign-in. Rows stay, so the
 * audit trail and past sign-offs keep their author.
 */
export async function setUserActive(actor: Actor, data: TSetUserActiveInput): Promise<void> {
  assertCan(actor, 'user:manage')
  if (data.userId === actor.id && !data.active) throw new AppError('REFUSED', 'You cannot deactivate your own account.')
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: data.userId }, select: { active: true } })
    if (!user) throw new AppError('NOT_FOUND', 'This user does not exist.')
    if (user.active === data.active) return
    await tx.user.update({ where: { id: data.userId }, data: { active: data.active } })
    await recordAudit(tx, [
      { action: data.active ? 'user.reactivated' : 'user.deactivated', actorId: actor.id, entityType: 'user', entityId: data.userId },
    ])
  })
}
