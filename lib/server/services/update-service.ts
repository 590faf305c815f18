import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import type { TUpdateServiceInput } from './schemas'
import { assertNameFree, assertValidOwner, isUniqueViolation, nameTaken } from './service-rules'

/** A new owner becomes default approver for changes raised from now on; existing changes keep theirs. */
export async function updateService(actor: Actor, input: TUpdateServiceInput): Promise<void> {
  assertCan(actor, 'service:manage')
  const { serviceId, ...data } = input
  try {
    await prisma.$transaction(async (tx) => {
      const before = await tx.service.findUnique({
        where: { id: serviceId },
        select: { name: true, description: true, criticality: true, ownerId: true },
      })
      if (!before) throw new AppError('NOT_FOUND', 'This service does not exist.')
      await assertNameFree(tx, data.name, serviceId)
      if (data.ownerId !== before.ownerId) await assertValidOwner(tx, data.ownerId)
      await tx.service.update({ where: { id: serviceId }, data })
      await recordAudit(tx, [
        { action: 'service.updated', actorId: actor.id, entityType: 'service', entityId: serviceId, details: { from: before, to: data } },
      ])
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken()
    throw error
  }
}
