import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import type { TCreateServiceInput } from './schemas'
import { assertNameFree, assertValidOwner, isUniqueViolation, nameTaken } from './service-rules'

export async function createService(actor: Actor, data: TCreateServiceInput): Promise<{ id: string }> {
  assertCan(actor, 'service:manage')
  try {
    return await prisma.$transaction(async (tx) => {
      await assertNameFree(tx, data.name)
      await assertValidOwner(tx, data.ownerId)
      const service = await tx.service.create({ data, select: { id: true } })
      await recordAudit(tx, [{ action: 'service.created', actorId: actor.id, entityType: 'service', entityId: service.id, details: data }])
      return service
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken()
    throw error
  }
}
