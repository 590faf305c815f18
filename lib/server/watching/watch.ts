import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { loadChange } from '@/lib/server/lifecycle/change'
import type { TSetChangeWatchInput, TSetServiceWatchInput } from '@/lib/server/watching/schemas'
import { AppError } from '@/lib/server/errors'

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

/**
 * Every active service with its owner and whether the actor watches it, for
 * the /services page any signed-in user sees (the admin page is for editing).
 * Bounded by the number of services an organisation has (tens to hundreds).
 */
export async function listServicesToWatch(actor: Actor) {
  assertCan(actor, 'service:watch')
  const services = await prisma.service.findMany({
    where: { active: true },
    select: {
      id: true,
      name: true,
      description: true,
      criticality: true,
      owner: { select: { name: true } },
      watchers: { where: { userId: actor.id }, select: { userId: true } },
    },
    orderBy: { name: 'asc' },
  })
  return services.map(({ watchers, owner, ...service }) => ({ ...service, ownerName: owner.name, watching: watchers.length > 0 }))
}

export type ServiceToWatch = Awaited<ReturnType<typeof listServicesToWatch>>[number]
