import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'

const USER_FIELDS = { id: true, name: true, email: true, roles: true, timeZone: true, active: true, oidcSubject: true } as const

export async function listUsers(actor: Actor) {
  assertCan(actor, 'user:manage')
  return prisma.user.findMany({ select: USER_FIELDS, orderBy: [{ active: 'desc' }, { name: 'asc' }] })
}

export async function getUserForAdmin(actor: Actor, userId: string) {
  assertCan(actor, 'user:manage')
  const user = /^[0-9a-f-]{36}$/i.test(userId) ? await prisma.user.findUnique({ where: { id: userId }, select: USER_FIELDS }) : null
  if (!user) throw new AppError('NOT_FOUND', 'This user does not exist.')
  return user
}
