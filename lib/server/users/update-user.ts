import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import type { TUpdateUserInput } from './schemas'

/** Name, roles and time zone. Takes effect on the user's next request (roles are read per request). */
export async function updateUser(actor: Actor, data: TUpdateUserInput): Promise<void> {
  assertCan(actor, 'user:manage')
  // Keeps at least the acting administrator able to administer.
  if (data.userId === actor.id && !data.roles.includes('ADMIN')) {
    throw new AppError('REFUSED', 'You cannot remove your own administrator role.', {
      fieldErrors: { roles: ['You cannot remove your own administrator role.'] },
    })
  }
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: data.userId }, select: { name: true, roles: true, timeZone: true } })
    if (!before) throw new AppError('NOT_FOUND', 'This user does not exist.')
    await tx.user.update({ where: { id: data.userId }, data: { name: data.name, roles: data.roles, timeZone: data.timeZone } })
    await recordAudit(tx, [
      {
        action: 'user.updated',
        actorId: actor.id,
        entityType: 'user',
        entityId: data.userId,
        details: { from: before, to: { name: data.name, roles: data.roles, timeZone: data.timeZone } },
      },
    ])
  })
}
