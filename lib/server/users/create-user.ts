import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { hashPassword } from '@/lib/server/auth/password'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import type { TCreateUserInput } from './schemas'

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
