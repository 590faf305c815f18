import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { localInputToUtc } from '@/lib/domain/time/zoned'
import type { ChangeStatus, ChangeType, Prisma, RiskLevel } from '@/lib/generated/prisma/client'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { formatChangeNumber, parseChangeNumber } from '@/lib/domain/change-request/number'
import type { TListChangesInput } from './list-changes.schema'

export const PAGE_SIZE = 20

export type ChangeListItem = {
  id: string
  number: string
  title: string
  status: ChangeStatus
  type: ChangeType
  riskLevel: RiskLevel
  windowStart: Date | null
  windowEnd: Date | null
  requesterName: string
}

export type ChangeList = { items: ChangeListItem[]; total: number; page: number; pageCount: number; timeZone: string }

/** Server-side filtering, search, sorting (by window start) and pagination. */
export async function listChanges(actor: Actor, input: TListChangesInput): Promise<ChangeList> {
  assertCan(actor, 'change:read')
  const viewer = await prisma.user.findUnique({ where: { id: actor.id }, select: { timeZone: true } })
  const timeZone = viewer?.timeZone ?? 'UTC'
  const where = whereFor(input, timeZone)
  const total = await prisma.changeRequest.count({ where })
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const page = Math.min(input.page, pageCount)
  const rows = await prisma.changeRequest.findMany({
    where,
    orderBy: [{ windowStart: { sort: 'asc', nulls: 'last' } }, { number: 'desc' }],
    skip: (page - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
    select: {
      id: true,
      number: true,
      title: true,
      status: true,
      type: true,
      riskLevel: true,
      windowStart: true,
      windowEnd: true,
      requester: { select: { name: true } },
    },
  })
  const items = rows.map(({ requester, number, ...row }) => ({ ...row, number: formatChangeNumber(number), requesterName: requester.name }))
  return { items, total, page, pageCount, timeZone }
}

function whereFor(input: TListChangesInput, timeZone: string): Prisma.ChangeRequestWhereInput {
  const and: Prisma.ChangeRequestWhereInput[] = []
  if (input.status) and.push({ status: input.status })
  if (input.type) and.push({ type: input.type })
  if (input.requesterId) and.push({ requesterId: input.requesterId })
  if (input.serviceId) and.push({ services: { some: { serviceId: input.serviceId } } })
  // Overlap with [from 00:00, the day after `to` 00:00) in the viewer's zone.
  const from = input.from ? dayStart(input.from, timeZone) : null
  const to = input.to ? dayStart(nextDay(input.to), timeZone) : null
  if (from) and.push({ windowEnd: { gt: from } })
  if (to) and.push({ windowStart: { lt: to } })
  if (input.q) {
    const number = parseChangeNumber(input.q)
    const title: Prisma.ChangeRequestWhereInput = { title: { contains: input.q, mode: 'insensitive' } }
    and.push(number === null ? title : { OR: [title, { number }] })
  }
  return and.length > 0 ? { AND: and } : {}
}

/** Midnight of the date in the zone; a midnight that the clocks skip falls back to 01:00. */
function dayStart(date: string, timeZone: string): Date | null {
  return localInputToUtc(`${date}T00:00`, timeZone) ?? localInputToUtc(`${date}T01:00`, timeZone)
}

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return next.toISOString().slice(0, 10)
}

/** Choices for the list's filter form: every service, and everyone who raised a change. */
export async function listFilterOptions(actor: Actor) {
  assertCan(actor, 'change:read')
  const services = await prisma.service.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } })
  const requesters = await prisma.user.findMany({
    where: { requestedChanges: { some: {} } },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  })
  return { services, requesters }
}
