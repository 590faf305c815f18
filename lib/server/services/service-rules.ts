import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'

const NAME_TAKEN = 'A service with this name already exists.'
const OWNER_INVALID = 'Choose an active user who can sign off changes (approver or change manager).'

/**
 * Owners are the default approvers of changes to their service, and the policy
 * lets only approvers and change managers sign off, so an owner must hold one
 * of those roles and be active; otherwise changes to the service could never be approved.
 */
export async function assertValidOwner(tx: Tx, ownerId: string): Promise<void> {
  const owner = await tx.user.findUnique({ where: { id: ownerId }, select: { active: true, roles: true } })
  const eligible = owner?.active && owner.roles.some((role) => role === 'APPROVER' || role === 'CHANGE_MANAGER')
  if (!eligible) throw new AppError('INVALID_INPUT', OWNER_INVALID, { fieldErrors: { ownerId: [OWNER_INVALID] } })
}

/**
 * Names are unique whatever their case. Compared with `lower() =`, not
 * Prisma's case-insensitive `equals` (ILIKE), where `%` and `_` in a name
 * would match other services' names.
 */
export async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Service"
    WHERE lower("name") = lower(${name}) AND (${exceptId ?? null}::uuid IS NULL OR "id" <> ${exceptId ?? null}::uuid)
    LIMIT 1`
  if (clash.length > 0) throw nameTaken()
}

export function nameTaken(): AppError {
  return new AppError('CONFLICT', NAME_TAKEN, { fieldErrors: { name: [NAME_TAKEN] } })
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}
