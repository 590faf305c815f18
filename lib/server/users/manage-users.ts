import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { Prisma } from '@/lib/generated/prisma/client'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { hashPassword } from '@/lib/server/auth/password'
import type { TCreateUserInput, TSetUserActiveInput, TUpdateUserInput } from '@/lib/server/users/schemas'

const USER_FIELDS = { id: true, name: true, email: true, roles: true, timeZone: true, active: true, oidcSubject: true, kind: true } as const

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

const EMAIL_TAKEN = 'A user with this e-mail address already exists.'

function emailTaken(): AppError {
  return new AppError('CONFLICT', EMAIL_TAKEN, { fieldErrors: { email: [EMAIL_TAKEN] } })
}

/** An administrator creates a user with an initial password; the audit trail records who did it. */
export async function createUser(actor: Actor, data: TCreateUserInput): Promise<{ id: string }> {
  assertCan(actor, 'user:manage')
  // Hash before the transaction: bcrypt is slow and must not hold a connection.
  const passwordHash = await hashPassword(data.password)
  try {
    return await prisma.$transaction(async (tx) => {
      // data.email is normalised (ZEmail) and so is every stored address: an exact match finds any clash.
      const existing = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })
      if (existing) throw emailTaken()
      const user = await tx.user.create({
        data: { name: data.name, email: data.email, passwordHash, roles: data.roles, timeZone: data.timeZone },
        select: { id: true },
      })
      await recordAudit(tx, [
        {
          action: 'user.created',
          actorId: actor.id,
          entityType: 'user',
          entityId: user.id,
          details: { name: data.name, email: data.email, roles: data.roles, timeZone: data.timeZone },
        },
      ])
      return user
    })
  } catch (error) {
    // Two admins creating the same address at once: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw emailTaken()
    throw error
  }
}

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
