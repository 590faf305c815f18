import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'

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
