// Arranges rows for the freeze integration tests directly (the change-request
// factories belong to another issue; this keeps these tests independent of them).
import type { ChangeStatus, ChangeType, FreezeSeverity } from '@/lib/generated/prisma/client'
import { activeUntilOf } from '@/lib/domain/freeze/recurrence'
import { prisma } from '@/lib/server/db'
import { createService, createUser, uniqueSuffix } from '@/tests/factories'

let nextNumber = 900_000 + Math.floor(Math.random() * 50_000)

export async function arrangeChange(input: {
  requesterId: string
  serviceIds: string[]
  windowStart: Date
  windowEnd: Date
  status?: ChangeStatus
  type?: ChangeType
}) {
  nextNumber += 1
  return prisma.changeRequest.create({
    data: {
      number: nextNumber,
      title: `Change ${uniqueSuffix()}`,
      requesterId: input.requesterId,
      status: input.status ?? 'SCHEDULED',
      type: input.type ?? 'NORMAL',
      windowStart: input.windowStart,
      windowEnd: input.windowEnd,
      revision: 1,
      fingerprint: `fp-${uniqueSuffix()}`,
      services: { create: input.serviceIds.map((serviceId) => ({ serviceId })) },
    },
  })
}

export async function arrangeFreeze(input: {
  createdById: string
  startsAt: Date
  endsAt: Date
  severity?: FreezeSeverity
  serviceIds?: string[]
  rrule?: string
  timeZone?: string
  name?: string
}) {
  const definition = {
    id: '',
    name: input.name ?? `Freeze ${uniqueSuffix()}`,
    severity: input.severity ?? 'HARD',
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    timeZone: input.timeZone ?? 'UTC',
    rrule: input.rrule ?? null,
    allServices: !input.serviceIds,
    serviceIds: input.serviceIds ?? [],
  }
  return prisma.freezePeriod.create({
    data: {
      name: definition.name,
      reason: 'Arranged by a test',
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      timeZone: definition.timeZone,
      severity: definition.severity,
      rrule: definition.rrule,
      activeUntil: activeUntilOf(definition),
      scope: input.serviceIds ? 'SELECTED_SERVICES' : 'ALL_SERVICES',
      createdById: input.createdById,
      services: input.serviceIds ? { create: input.serviceIds.map((serviceId) => ({ serviceId })) } : undefined,
    },
  })
}

export async function arrangePeople() {
  const admin = await createUser({ roles: ['ADMIN'] })
  const manager = await createUser({ roles: ['CHANGE_MANAGER', 'APPROVER'] })
  const requester = await createUser({ roles: ['REQUESTER'] })
  const service = await createService({ ownerId: admin.id })
  const other = await createService({ ownerId: admin.id })
  return {
    admin: { id: admin.id, name: admin.name, roles: admin.roles },
    manager: { id: manager.id, name: manager.name, roles: manager.roles },
    requester: { id: requester.id, name: requester.name, roles: requester.roles },
    service,
    other,
  }
}

/** UTC instant from an ISO string without zone ('2031-01-01T10:00'). */
export const at = (iso: string) => new Date(`${iso}:00.000Z`)
