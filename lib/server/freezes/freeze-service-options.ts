import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '../authz'
import { prisma } from '../db'

/** Active services a freeze can be scoped to. */
export async function listFreezeServiceOptions(actor: Actor) {
  assertCan(actor, 'freeze:manage')
  return prisma.service.findMany({ where: { active: true }, select: { id: true, name: true }, orderBy: { name: 'asc' } })
}

/** Every service, for the calendar's filter (reading the calendar is open to all). */
export async function listCalendarServiceOptions() {
  return prisma.service.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } })
}
