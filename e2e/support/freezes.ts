// Arranges data for e2e/freeze-calendar.spec.ts on the e2e server's database.
// Each test uses its own service in a far-future window, so a HARD freeze it
// declares through the UI can never touch another spec's changes.
import { createService, createUser, uniqueSuffix } from '../../tests/factories'
import { createChange } from '../../tests/factories/change-requests'
import { DEMO } from '../fixtures'
import { e2eDb } from './db'

export async function demoUserId(key: keyof typeof DEMO): Promise<string> {
  const user = await e2eDb().user.findUniqueOrThrow({ where: { email: DEMO[key].email }, select: { id: true } })
  return user.id
}

/** A fresh service owned by Avery Approver (so Avery is the required approver of changes on it). */
export async function arrangeService(): Promise<{ id: string; name: string }> {
  return createService({ ownerId: await demoUserId('approver'), name: `Freeze Test Service ${uniqueSuffix()}` }, e2eDb())
}

export async function arrangeChange(input: {
  requesterId: string
  serviceId: string
  windowStart: Date
  windowEnd: Date
  status: 'APPROVED' | 'SCHEDULED'
  title?: string
}): Promise<{ id: string; number: string; title: string }> {
  const title = input.title ?? `Freeze e2e change ${uniqueSuffix()}`
  const change = await createChange(e2eDb(), {
    requesterId: input.requesterId,
    serviceIds: [input.serviceId],
    windowStart: input.windowStart,
    windowEnd: input.windowEnd,
    title,
    status: input.status,
    signOffs: true,
  })
  return { id: change.id, number: change.displayNumber, title }
}

export async function changeStatus(id: string): Promise<string> {
  return (await e2eDb().changeRequest.findUniqueOrThrow({ where: { id }, select: { status: true } })).status
}

export async function noticesFor(userId: string, changeId: string): Promise<string[]> {
  const rows = await e2eDb().notification.findMany({ where: { userId, changeId }, select: { message: true } })
  return rows.map((r) => r.message)
}

/** A signed-in-able user with a chosen time zone (the demo users' zones are shared by other specs). */
export async function arrangeViewer(timeZone: string) {
  return createUser({ roles: ['REQUESTER'], timeZone }, e2eDb())
}

export async function arrangeFreezeRow(input: { createdById: string; serviceId: string; name: string; startsAt: Date; endsAt: Date; severity: 'HARD' | 'SOFT' }) {
  return e2eDb().freezePeriod.create({
    data: {
      name: input.name,
      reason: 'Arranged by the e2e test',
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      activeUntil: input.endsAt,
      timeZone: 'UTC',
      severity: input.severity,
      scope: 'SELECTED_SERVICES',
      createdById: input.createdById,
      services: { create: [{ serviceId: input.serviceId }] },
    },
  })
}

/**
 * Moves a change's window as a material edit would: a new revision with a new
 * fingerprint, signed off again by every required approver. Done with the
 * factories because the edit form belongs to another issue; the gate then sees
 * a fully signed-off revision outside the freeze.
 */
