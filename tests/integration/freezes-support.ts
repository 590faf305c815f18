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
  const number = nextNumber
  const status = input.status ?? 'SCHEDULED'
  const fingerprint = `fp-${uniqueSuffix()}`
  // The database refuses a SCHEDULED or IN_PROGRESS change unless its approval
  // rules hold (an approved sign-off from each service owner for its
  // fingerprint), checked at commit: write them together.
  const gated = status === 'SCHEDULED' || status === 'IN_PROGRESS'
  const owners = await prisma.service.findMany({ where: { id: { in: input.serviceIds } }, select: { owner: { select: { id: true, name: true } } } })
  const signers = gated ? [...new Map(owners.map((s) => [s.owner.id, s.owner])).values()].filter((o) => o.id !== input.requesterId) : []
  if (gated && signers.length === 0) signers.push(await createUser({ roles: ['APPROVER'] }))
  return prisma.$transaction(async (tx) => {
    const change = await tx.changeRequest.create({
      data: {
        number,
        title: `Change ${uniqueSuffix()}`,
        requesterId: input.requesterId,
        status,
        type: input.type ?? 'NORMAL',
        windowStart: input.windowStart,
        windowEnd: input.windowEnd,
        revision: 1,
        fingerprint,
        services: { create: input.serviceIds.map((serviceId) => ({ serviceId })) },
      },
    })
    for (const signer of signers) {
      await tx.changeApprover.create({ data: { changeId: change.id, userId: signer.id, source: 'SERVICE_OWNER' } })
      await tx.signOff.create({
        data: { changeId: change.id, approverId: signer.id, decision: 'APPROVED', statement: 'Reviewed the plans.', signature: signer.name, revisionNumber: 1, fingerprint },
      })
    }
    // The approval policy snapshot the backstop counts (the default policy: every owner).
    if (signers.length > 0) {
      await tx.changeApprovalRule.create({
        data: { changeId: change.id, position: 1, stage: 1, description: 'all owners of the affected services', mode: 'ALL', required: signers.length, eligibleIds: signers.map((s) => s.id) },
      })
    }
    return change
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

/** What the grant form posts: the change's revision and fingerprint as the granter reads them now. */
export async function exceptionInput(changeId: string, freezeId: string, justification: string) {
  const change = await prisma.changeRequest.findUniqueOrThrow({ where: { id: changeId }, select: { revision: true, fingerprint: true } })
  return { changeId, freezeId, justification, revision: change.revision, fingerprint: change.fingerprint ?? '' }
}
