import 'server-only'
import { diffMaterial, type MaterialDiffEntry } from '@/lib/domain/change-request/fingerprint'
import type { Actor } from '@/lib/domain/shared/types'
import { Prisma, type ChangeType, type RiskLevel, type SignOffDecision } from '@/lib/generated/prisma/client'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { decodeCursor, encodeCursor, type KeysetCursor } from '@/lib/server/keyset-cursor'
import { parseRevisionContent } from '@/lib/domain/change-request/revision-content'
import { delegatedSeats } from '@/lib/domain/approval-policy/delegation'
import { delegationsTo } from './delegations'
import { seatInOpenStage } from '@/lib/server/lifecycle/open-stage'

export const INBOX_PAGE_SIZE = 20

export type AwaitingSignOff = {
  id: string
  number: string
  title: string
  type: ChangeType
  riskLevel: RiskLevel
  purpose: string
  requesterName: string
  windowStart: Date | null
  windowEnd: Date | null
  revision: number
  serviceNames: string[]
  /** The revision this approver last decided on, when it is an older one. */
  lastSigned: { revision: number; decision: 'APPROVED' | 'REJECTED' } | null
  /** What changed since lastSigned (empty when there is none, or no snapshot). */
  changesSinceLastSigned: MaterialDiffEntry[]
}

export type AwaitingPage = { items: AwaitingSignOff[]; next: string | null }

type Row = {
  id: string
  number: number
  title: string
  type: ChangeType
  riskLevel: RiskLevel
  purpose: string
  windowStart: Date | null
  windowEnd: Date | null
  revision: number
  requesterName: string
}

/**
 * The seats (the actor's, and whoever they sign for under a running
 * delegation) of SUBMITTED changes that are eligible in an open stage of the
 * approval policy and have no decision for the current fingerprint, one row
 * per seat (`a`) with its change (`c`). Driven from the seats through the
 * partial index of submitted changes' seats, ordered by the change's window
 * start and number (ChangeApprover.changeSubmitted, changeWindowStart,
 * changeNumber, kept by triggers): with one seat the inbox walks it in page
 * order and stops at the page's end. A change where the actor holds two
 * seats appears twice: callers take DISTINCT changes.
 *
 * `changeSubmitted` is the status test: the triggers keep it equal to
 * `c.status = 'SUBMITTED'` in every transaction (approver-open-work.test.ts).
 * Repeating the status here would be read by the planner as a second,
 * independent 1-in-100 filter, and it would then sort every open seat
 * instead of walking them in order.
 */
const awaitingSeats = (actorId: string, seats: readonly string[]) => Prisma.sql`
      "ChangeApprover" a JOIN "ChangeRequest" c ON c.id = a."changeId"
     WHERE a."changeSubmitted" AND ${seats.length === 1 ? Prisma.sql`a."userId" = ${seats[0]}::uuid` : Prisma.sql`a."userId" = ANY(${[...seats]}::uuid[])`}
       AND c.fingerprint IS NOT NULL AND c."requesterId" <> ${actorId}::uuid
       AND NOT EXISTS (SELECT 1 FROM "SignOff" s WHERE s."changeId" = c.id AND s."approverId" = a."userId" AND s.fingerprint = c.fingerprint)
       AND ${seatInOpenStage(Prisma.sql`a."userId"`)}`

/** The actor's own seat and the seats they hold by delegation now. */
async function seatsOf(actor: Actor): Promise<string[]> {
  const now = new Date()
  return [actor.id, ...delegatedSeats(actor.id, await delegationsTo(prisma, actor.id, now), now)]
}

/**
 * The approver inbox, soonest window first, one page at a time (keyset on
 * window start and number). Everything a page shows is loaded with a fixed
 * number of queries for the whole page, never one per row.
 */
export async function listAwaitingSignOff(actor: Actor, page: { after?: string; limit?: number } = {}): Promise<AwaitingPage> {
  // Everyone may read changes; the inbox is simply scoped to the actor's own approvals.
  assertCan(actor, 'change:read')
  const limit = Math.min(Math.max(page.limit ?? INBOX_PAGE_SIZE, 1), 100)
  const cursor = page.after ? decodeCursor(page.after, ['inbox']) : null
  const seats = await seatsOf(actor)
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT c.id, c.number, c.title, c.type::text AS type, c."riskLevel"::text AS "riskLevel", c.purpose,
           c."windowStart", c."windowEnd", c.revision, u.name AS "requesterName"
      FROM (SELECT ${seats.length === 1 ? Prisma.empty : Prisma.sql`DISTINCT ON (a."changeWindowStart", a."changeNumber")`} c.*
              FROM ${awaitingSeats(actor.id, seats)} AND ${after(cursor)}
             ORDER BY a."changeWindowStart", a."changeNumber"
             LIMIT ${limit + 1}) c
      JOIN "User" u ON u.id = c."requesterId"
     ORDER BY c."windowStart", c.number`
  const shown = rows.slice(0, limit)
  const last = shown.at(-1)
  const details = await pageDetails(actor.id, shown)
  return {
    items: shown.map((row) => {
      const lastSigned = details.lastSigned.get(row.id) ?? null
      return {
        ...row,
        number: formatChangeNumber(row.number),
        serviceNames: details.services.get(row.id) ?? [],
        lastSigned,
        changesSinceLastSigned: lastSigned ? details.diff(row.id, lastSigned.revision, row.revision) : [],
      }
    }),
    next: rows.length > limit && last ? encodeCursor({ section: 'inbox', windowStart: last.windowStart, number: last.number }) : null,
  }
}

/** How many changes await the actor, counted up to `cap` (the dashboard shows "100+"). */
export async function countAwaitingSignOff(actor: Actor, cap: number): Promise<{ count: number; capped: boolean }> {
  assertCan(actor, 'change:read')
  const seats = await seatsOf(actor)
  // One seat per change unless the actor also signs for someone (the key is (change, user)); without DISTINCT the
  // scan stops at the cap instead of walking every open seat first.
  const change = seats.length > 1 ? Prisma.sql`DISTINCT c.id` : Prisma.sql`c.id`
  const [row] = await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT ${change} FROM ${awaitingSeats(actor.id, seats)} LIMIT ${cap + 1}) t`
  const n = row?.n ?? 0
  return { count: Math.min(n, cap), capped: n > cap }
}

/** Seats after the cursor in (window start NULLS LAST, number) order: the seat's copies, which its index is ordered by. */
function after(cursor: KeysetCursor<'inbox'> | null): Prisma.Sql {
  if (!cursor) return Prisma.sql`TRUE`
  if (cursor.windowStart === null) return Prisma.sql`(a."changeWindowStart" IS NULL AND a."changeNumber" > ${cursor.number}::int)`
  return Prisma.sql`((a."changeWindowStart", a."changeNumber") > (${cursor.windowStart}::timestamptz, ${cursor.number}::int) OR a."changeWindowStart" IS NULL)`
}

/** Services, the actor's latest decisions and the revision snapshots to diff, for a whole page in four queries. */
async function pageDetails(actorId: string, rows: readonly Row[]) {
  const ids = rows.map((r) => r.id)
  const services = await prisma.changeService.findMany({ where: { changeId: { in: ids } }, select: { changeId: true, service: { select: { name: true } } } })
  const signed = await prisma.signOff.findMany({
    where: { changeId: { in: ids }, approverId: actorId },
    select: { changeId: true, revisionNumber: true, decision: true },
    orderBy: { revisionNumber: 'desc' },
  })
  const lastSigned = new Map<string, { revision: number; decision: SignOffDecision }>()
  for (const s of signed) if (!lastSigned.has(s.changeId)) lastSigned.set(s.changeId, { revision: s.revisionNumber, decision: s.decision })
  const wanted = rows.flatMap((r) => {
    const last = lastSigned.get(r.id)
    return last ? [{ changeId: r.id, number: last.revision }, { changeId: r.id, number: r.revision }] : []
  })
  const snapshots = wanted.length > 0 ? await prisma.changeRevision.findMany({ where: { OR: wanted }, select: { changeId: true, number: true, content: true } }) : []
  const contents = new Map(snapshots.map((s) => [`${s.changeId}:${s.number}`, parseRevisionContent(s.content)]))
  const serviceIds = [...new Set([...contents.values()].flatMap((c) => c?.serviceIds ?? []))]
  const named = serviceIds.length > 0 ? await prisma.service.findMany({ where: { id: { in: serviceIds } }, select: { id: true, name: true } }) : []
  const names = new Map(named.map((s) => [s.id, s.name]))
  const byChange = new Map<string, string[]>()
  for (const s of services) byChange.set(s.changeId, [...(byChange.get(s.changeId) ?? []), s.service.name])
  return {
    services: new Map([...byChange].map(([id, list]) => [id, list.sort()])),
    lastSigned,
    diff(changeId: string, signedRevision: number, currentRevision: number): MaterialDiffEntry[] {
      const before = contents.get(`${changeId}:${signedRevision}`)
      const after = contents.get(`${changeId}:${currentRevision}`)
      if (!before || !after) return []
      return diffMaterial(before, after, { serviceName: (id) => names.get(id) ?? 'a removed service' })
    },
  }
}
