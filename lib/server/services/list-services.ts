import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'

const SERVICE_FIELDS = {
  id: true,
  name: true,
  description: true,
  criticality: true,
  ownerId: true,
  owner: { select: { name: true, active: true } },
} as const

export async function listServicesForAdmin(actor: Actor) {
  assertCan(actor, 'service:manage')
  return prisma.service.findMany({ select: SERVICE_FIELDS, orderBy: { name: 'asc' } })
}

export async function getServiceForAdmin(actor: Actor, serviceId: string) {
  assertCan(actor, 'service:manage')
  const service = /^[0-9a-f-]{36}$/i.test(serviceId)
    ? await prisma.service.findUnique({ where: { id: serviceId }, select: SERVICE_FIELDS })
    : null
  if (!service) throw new AppError('NOT_FOUND', 'This service does not exist.')
  return service
}

/** Active users who may own a service (see service-rules.ts). */
export async function listOwnerCandidates(actor: Actor) {
  assertCan(actor, 'service:manage')
  return prisma.user.findMany({
    where: { active: true, roles: { hasSome: ['APPROVER', 'CHANGE_MANAGER'] } },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  })
}
