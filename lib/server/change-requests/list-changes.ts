import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { localInputToUtc } from '@/lib/domain/time/zoned'
import { Prisma, type ChangeStatus, type ChangeType, type RiskLevel } from '@/lib/generated/prisma/client'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { viewerTimeZone } from '@/lib/server/viewer'
import { formatChangeNumber, parseChangeNumber } from '@/lib/domain/change-request/number'
import { decodeCursor, encodeCursor, type KeysetCursor } from '@/lib/server/keyset-cursor'
import type { TListChangesInput } from './schemas'

export const PAGE_SIZE = 20

/** The list's two sections, in display order. */
const SECTIONS = ['work', 'history'] as const
type ListSection = (typeof SECTIONS)[number]
type ListCursor = KeysetCursor<ListSection>
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

/**
 * One page. There is deliberately no total: counting the matches of a filter
 * reads every match (a service's share of a million changes, say), which is
 * exactly the cost that must not grow with the table. "Next page" says
 * whether there is more.
 */
export type ChangeList = {
  items: ChangeListItem[]
  /** 1-based page number and position of the first item (for "Showing 21–40"). */
  page: number
  first: number
  /** Cursor of the next page, null on the last one. */
  next: string | null
  timeZone: string
}

// The board's work: changes in flight with a window. Must match the predicate
// of the partial index ChangeRequest_in_flight_window_idx (written as
// constants, so the planner can prove the index applies).
const IN_FLIGHT_SQL = Prisma.sql`c.status IN ('SUBMITTED', 'APPROVED', 'SCHEDULED', 'IN_PROGRESS') AND c."windowStart" IS NOT NULL`

/**
 * The change list in two sections, each keyset-paginated on an index:
 * first the board's work (in flight, soonest window first), then everything
 * else, newest number first (drafts, history). Filters narrow both; no query
 * reads more than one page of rows.
 */
export async function listChanges(actor: Actor, input: TListChangesInput): Promise<ChangeList> {
  assertCan(actor, 'change:read')
  const timeZone = viewerTimeZone(actor)
  const filters = filtersFor(input, timeZone)
  const decoded = input.after ? decodeCursor(input.after, SECTIONS) : null
  // Keys ordered by window always have one (rows without one are history, and a window filter excludes them).
  const keyedByWindow = decoded?.section === 'work' || filters.byWindow
  const cursor = keyedByWindow && decoded?.windowStart === null ? null : decoded
  const rows = await fetchPage(filters, cursor)
  const more = rows.length > PAGE_SIZE
  const items = rows.slice(0, PAGE_SIZE)
  const last = items.at(-1)
  return {
    items: items.map(({ section: _section, number, ...row }) => ({ ...row, number: formatChangeNumber(number) })),
    page: cursor ? input.page : 1,
    first: cursor ? (input.page - 1) * PAGE_SIZE + 1 : 1,
    next: more && last ? encodeCursor({ section: last.section, windowStart: last.windowStart, number: last.number }) : null,
    timeZone,
  }
}

type Row = Omit<ChangeListItem, 'number'> & { number: number; section: ListSection }

type Filters = { sql: Prisma.Sql; byWindow: boolean }

async function fetchPage(filters: Filters, cursor: ListCursor | null): Promise<Row[]> {
  const work = cursor?.section === 'history' ? [] : await section('work', filters, cursor, PAGE_SIZE + 1)
  if (work.length > PAGE_SIZE) return work
  const historyCursor = cursor?.section === 'history' ? cursor : null
  return [...work, ...(await section('history', filters, historyCursor, PAGE_SIZE + 1 - work.length))]
}

/**
 * One section's rows after the cursor, in that section's index order. History
 * is newest number first, except under a window filter: then it is newest
 * window first (ChangeRequest_windowStart_number_idx), because a period's few
 * history rows are scattered over the whole number range, and reading numbers
 * backwards until twenty fall in the period read 150,000 rows at a million.
 */
function section(name: ListSection, filters: Filters, cursor: ListCursor | null, limit: number): Promise<Row[]> {
  const inSection = name === 'work' ? IN_FLIGHT_SQL : Prisma.sql`NOT (${IN_FLIGHT_SQL})`
  const historyByWindow = name === 'history' && filters.byWindow
  const after =
    cursor === null
      ? Prisma.sql`TRUE`
      : name === 'work'
        ? Prisma.sql`(c."windowStart", c.number) > (${cursor.windowStart}::timestamptz, ${cursor.number}::int)`
        : historyByWindow
          ? Prisma.sql`(c."windowStart", c.number) < (${cursor.windowStart}::timestamptz, ${cursor.number}::int)`
          : Prisma.sql`c.number < ${cursor.number}::int`
  const order = name === 'work' ? Prisma.sql`c."windowStart", c.number` : historyByWindow ? Prisma.sql`c."windowStart" DESC, c.number DESC` : Prisma.sql`c.number DESC`
  return prisma.$queryRaw<Row[]>`
    SELECT c.id, c.number, c.title, c.status::text AS status, c.type::text AS type, c."riskLevel"::text AS "riskLevel",
           c."windowStart", c."windowEnd", u.name AS "requesterName", ${name}::text AS section
      FROM "ChangeRequest" c
      JOIN "User" u ON u.id = c."requesterId"
     WHERE ${inSection} AND ${filters.sql} AND ${after}
     ORDER BY ${order}
     LIMIT ${limit}`
}

function filtersFor(input: TListChangesInput, timeZone: string): Filters {
  const and: Prisma.Sql[] = [Prisma.sql`TRUE`]
  if (input.status) and.push(Prisma.sql`c.status = ${input.status}::"ChangeStatus"`)
  if (input.type) and.push(Prisma.sql`c.type = ${input.type}::"ChangeType"`)
  if (input.requesterId) and.push(Prisma.sql`c."requesterId" = ${input.requesterId}::uuid`)
  if (input.serviceId) {
    and.push(Prisma.sql`EXISTS (SELECT 1 FROM "ChangeService" cs WHERE cs."changeId" = c.id AND cs."serviceId" = ${input.serviceId}::uuid)`)
  }
  // Overlap with [from 00:00, the day after `to` 00:00) in the viewer's zone.
  const from = input.from ? dayStart(input.from, timeZone) : null
  const to = input.to ? dayStart(nextDay(input.to), timeZone) : null
  if (from) and.push(Prisma.sql`c."windowEnd" > ${from}::timestamptz`)
  if (to) and.push(Prisma.sql`c."windowStart" < ${to}::timestamptz`)
  // The same overlap on the GiST-indexed range, so a bounded range reads only its own rows.
  if (from && to && from < to) and.push(Prisma.sql`c."window" && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`)
  if (input.q) and.push(searchFor(input.q))
  // Either bound excludes rows without a window, so every history row here has a windowStart to order by.
  return { sql: Prisma.join(and, ' AND '), byWindow: from !== null || to !== null }
}

/**
 * Substring of title or purpose (trigram GIN indexes); a query that reads as a
 * change number matches that number or a title containing it (not every
 * purpose that happens to mention the digits).
 */
function searchFor(q: string): Prisma.Sql {
  const pattern = `%${q.replaceAll(/[\\%_]/g, (ch) => `\\${ch}`)}%`
  const number = parseChangeNumber(q)
  if (number === null) return Prisma.sql`(c.title ILIKE ${pattern} OR c.purpose ILIKE ${pattern})`
  return Prisma.sql`(c.title ILIKE ${pattern} OR c.number = ${number}::int)`
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

/**
 * Choices for the list's filter form: every service, and as requesters the
 * viewer and whoever the current filter names. Listing everyone who ever
 * raised a change made every list page carry hundreds of names; another
 * person's changes are one click away from "Requested by" on any of them.
 */
export async function listFilterOptions(actor: Actor, selectedRequesterId?: string) {
  assertCan(actor, 'change:read')
  const services = await prisma.service.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } })
  const ids = [...new Set([actor.id, ...(selectedRequesterId ? [selectedRequesterId] : [])])]
  const people = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
  const requesters = people.map((p) => (p.id === actor.id ? { id: p.id, name: `${p.name} (me)` } : p)).sort((a, b) => a.name.localeCompare(b.name))
  return { services, requesters }
}
