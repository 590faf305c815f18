import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import type { TSetServiceWatchInput } from './schemas'

/**
 * Starts or stops the actor watching a service: they then hear about every
 * change that touches it (notifications/watchers.ts). Idempotent.
 */
export async function setServiceWatch(actor: Actor, input: TSetServiceWatchInput): Promise<{ watching: boolean; name: string }> {
  assertCan(actor, 'service:watch')
  const service = await prisma.service.findUnique({ where: { id: input.serviceId }, select: { id: true, name: true } })
  if (!service) throw new AppError('NOT_FOUND', 'This service does not exist.')
  const key = { serviceId: service.id, userId: actor.id }
  if (input.watch) {
    await prisma.serviceWatch.createMany({ data: [key], skipDuplicates: true })
  } else {
    await prisma.serviceWatch.deleteMany({ where: key })
  }
  return { watching: input.watch, name: service.name }
}
