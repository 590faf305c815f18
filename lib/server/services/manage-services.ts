import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { prisma, type Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { recordAudit } from '@/lib/server/audit/record-audit'
import type { TCreateServiceInput, TUpdateServiceInput } from '@/lib/server/services/schemas'
import { readMaintenanceWindow } from '@/lib/domain/risk/maintenance-window'

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

const SERVICE_FIELDS = {
  id: true,
  name: true,
  description: true,
  criticality: true,
  ownerId: true,
  maintenanceDays: true,
  maintenanceStartMinute: true,
  maintenanceEndMinute: true,
  maintenanceTimeZone: true,
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

export async function createService(actor: Actor, data: TCreateServiceInput): Promise<{ id: string }> {
  assertCan(actor, 'service:manage')
  try {
    return await prisma.$transaction(async (tx) => {
      await assertNameFree(tx, data.name)
      await assertValidOwner(tx, data.ownerId)
      const service = await tx.service.create({ data: serviceColumns(data), select: { id: true } })
      await recordAudit(tx, [{ action: 'service.created', actorId: actor.id, entityType: 'service', entityId: service.id, details: data }])
      return service
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken()
    throw error
  }
}

/** The row's columns for the form's fields; a maintenance window that is half filled in is refused by field. */
function serviceColumns(data: TCreateServiceInput) {
  const { maintenanceDays, maintenanceStart, maintenanceEnd, maintenanceTimeZone, ...rest } = data
  if (maintenanceStart === undefined || maintenanceEnd === undefined) return rest
  const window = readMaintenanceWindow({ days: maintenanceDays ?? [], start: maintenanceStart, end: maintenanceEnd, timeZone: maintenanceTimeZone ?? 'UTC' })
  if (!window.ok) throw new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors: window.fieldErrors })
  return { ...rest, ...window.columns }
}

/** A new owner becomes default approver for changes raised from now on; existing changes keep theirs. */
export async function updateService(actor: Actor, input: TUpdateServiceInput): Promise<void> {
  assertCan(actor, 'service:manage')
  const { serviceId, ...data } = input
  try {
    await prisma.$transaction(async (tx) => {
      const before = await tx.service.findUnique({
        where: { id: serviceId },
        select: { name: true, description: true, criticality: true, ownerId: true },
      })
      if (!before) throw new AppError('NOT_FOUND', 'This service does not exist.')
      await assertNameFree(tx, data.name, serviceId)
      if (data.ownerId !== before.ownerId) await assertValidOwner(tx, data.ownerId)
      await tx.service.update({ where: { id: serviceId }, data: serviceColumns(data) })
      await recordAudit(tx, [
        { action: 'service.updated', actorId: actor.id, entityType: 'service', entityId: serviceId, details: { from: before, to: data } },
      ])
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken()
    throw error
  }
}

/** Every service, for the REST API (GET /api/v1/services): readable by everyone signed in. */
export async function listServicesForApi(actor: Actor) {
  assertCan(actor, 'change:read')
  const rows = await prisma.service.findMany({
    select: { id: true, name: true, description: true, criticality: true, active: true, owner: { select: { id: true, name: true } } },
    orderBy: { name: 'asc' },
  })
  return rows
}
