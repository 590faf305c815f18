import 'server-only'
import { occurrencesBetween } from '@/lib/domain/freeze/recurrence'
import {
  anchorRange,
  dueChangeEvent,
  FREEZE_STARTING_HOURS,
  freezeStartingDue,
  freezeStartingKey,
  KEEP_SENT_KEYS_DAYS,
  timedChangeMessage,
  timedRules,
  type TimedChange,
  type TimedChangeEvent,
  type TimedRule,
  type TimedSettings,
} from '@/lib/domain/notifications/timed'
import type { NoticeKind } from '@/lib/domain/notifications/kinds'
import { env } from '@/lib/env'
import { Prisma } from '@/lib/generated/prisma/client'
import { prisma, type Tx } from '@/lib/server/db'
import { loadFreezesInRange, type LoadedFreeze } from '@/lib/server/lifecycle/freezes'
import { runTransaction } from '@/lib/server/transaction'
import { EMERGENCY_REVIEW_CLOCK, OWES_EMERGENCY_REVIEW } from '@/lib/server/lifecycle/emergency-reviews'
import { freezeOwnerIds, notifyFreeze } from './freeze-notices'
import { notify } from './notify'
import { watchersOf } from './watchers'
import { log } from '@/lib/server/log'
import { seatInOpenStage } from '@/lib/server/lifecycle/open-stage'

/** One run writes at most this many notices; the rest go out on the next run (they stay due through the look-back). */
export const MAX_NOTICES_PER_RUN = 500

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The timed-notice settings from the environment (lib/env.ts). */
export function timedSettings(): TimedSettings {
  const e = env()
  return {
    reminderHours: e.SIGNOFF_REMINDER_HOURS,
    escalationHours: e.SIGNOFF_ESCALATION_HOURS,
    startGraceMinutes: e.START_GRACE_MINUTES,
    reviewDueDays: e.REVIEW_DUE_DAYS,
    emergencyReviewDays: e.EMERGENCY_REVIEW_DAYS,
  }
}

const CHANGE_COLUMNS = {
  id: true,
  number: true,
  title: true,
  type: true,
  status: true,
  requesterId: true,
  fingerprint: true,
  windowStart: true,
  windowEnd: true,
  finishedAt: true,
} as const satisfies Prisma.ChangeRequestSelect

type ChangeRow = Prisma.ChangeRequestGetPayload<{ select: typeof CHANGE_COLUMNS }>
type Approver = { id: string; name: string }
type Candidate = { rule: TimedRule; row: ChangeRow; key: string; anchor: Date }

/**
 * The timed notices due at `now` (the notices-timed job runs it every five
 * minutes): sign-off reminders and escalations, window starting soon, start
 * missed, overrun, review due, and freeze occurrences starting within a day.
 * Each scan is one indexed range on an anchor column (anchorRange), so its
 * cost follows how busy the board is around `now`, never its history.
 * Each notice is written by notify() in a transaction of its own together
 * with its TimedNoticeSent key (ON CONFLICT DO NOTHING): a run repeated, or
 * racing another instance, sends each notice once. Returns how many notices
 * (events, not recipients) it sent.
 */
export async function sendTimedNotices(now: Date, settings: TimedSettings = timedSettings()): Promise<number> {
  const candidates: Candidate[] = []
  for (const rule of timedRules(settings)) candidates.push(...(await changeCandidates(rule, now)))
  const freezes = await freezeCandidates(now)
  const keys = [...candidates.map((c) => c.key), ...freezes.map((f) => f.key)]
  const sentAlready = new Set(
    keys.length === 0 ? [] : (await prisma.timedNoticeSent.findMany({ where: { key: { in: keys } }, select: { key: true } })).map((r) => r.key),
  )

  let sent = 0
  for (const candidate of candidates) {
    if (sent >= MAX_NOTICES_PER_RUN) break
    if (sentAlready.has(candidate.key)) continue
    sent += await oneNotice(candidate.key, () => sendChangeNotice(candidate, now))
  }
  for (const candidate of freezes) {
    if (sent >= MAX_NOTICES_PER_RUN) break
    if (sentAlready.has(candidate.key)) continue
    sent += await oneNotice(candidate.key, () => sendFreezeStarting(candidate, now))
  }
  await prisma.timedNoticeSent.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - KEEP_SENT_KEYS_DAYS * DAY) } } })
  return sent
}

/**
 * One notice's transaction. A failure is logged and the run goes on: one bad
 * row must not hold back every other notice, and nothing was recorded for
 * this one, so the next run tries it again.
 */
async function oneNotice(key: string, send: () => Promise<number>): Promise<number> {
  try {
    return await send()
  } catch (error) {
    log().error({ key, err: error }, 'timed notice not sent')
    return 0
  }
}

/** The changes whose anchor lies in the rule's due range, decided by the domain. */
async function changeCandidates(rule: TimedRule, now: Date): Promise<Candidate[]> {
  const { after, upTo } = anchorRange(rule, now)
  const rows = await prisma.changeRequest.findMany({
    where: { status: { in: [...rule.statuses] }, ...(rule.types ? { type: { in: [...rule.types] } } : {}), ...(await anchorWhere(rule, after, upTo)) },
    select: CHANGE_COLUMNS,
  })
  const unsigned = needsSignOffs(rule.event) ? await unsignedApprovers(prisma, rows.map((r) => r.id)) : new Map<string, Approver[]>()
  return rows.flatMap((row) => {
    const due = dueChangeEvent(rule, toTimedChange(row, unsigned.get(row.id) ?? []), now)
    return due ? [{ rule, row, key: due.key, anchor: due.anchor }] : []
  })
}

async function anchorWhere(rule: TimedRule, after: Date, upTo: Date): Promise<Prisma.ChangeRequestWhereInput> {
  const range = { gt: after, lte: upTo }
  switch (rule.anchor) {
    case 'windowStart':
      return { windowStart: range }
    case 'windowEnd':
      return { windowEnd: range }
    case 'finishedAt':
      return { finishedAt: range }
    case 'reviewClock': {
      // An expression Prisma cannot filter on: the range is read on its partial index first.
      const ids = await prisma.$queryRaw<{ id: string }[]>`
        SELECT c.id FROM "ChangeRequest" c
         WHERE ${OWES_EMERGENCY_REVIEW} AND ${EMERGENCY_REVIEW_CLOCK} > ${after}::timestamptz AND ${EMERGENCY_REVIEW_CLOCK} <= ${upTo}::timestamptz`
      return { id: { in: ids.map((r) => r.id) } }
    }
  }
}

function needsSignOffs(event: TimedChangeEvent): boolean {
  return event === 'sign-off-reminder' || event === 'sign-off-escalation'
}

function toTimedChange(row: ChangeRow, unsigned: readonly Approver[]): TimedChange {
  return { ...row, unsignedApproverIds: unsigned.map((a) => a.id) }
}

/**
 * Per change, the approvers asked now (eligible in an open stage of its
 * approval policy) with no decision on its current fingerprint, by name. Walks the approver key from the given changes and
 * the sign-off key per approver, never a whole table (query-plans.test.ts).
 */
async function unsignedApprovers(db: Tx, changeIds: readonly string[]): Promise<Map<string, Approver[]>> {
  const byChange = new Map<string, Approver[]>()
  if (changeIds.length === 0) return byChange
  const rows = await db.$queryRaw<{ changeId: string; id: string; name: string }[]>`
    SELECT a."changeId"::text AS "changeId", u.id::text AS id, u.name
      FROM "ChangeApprover" a
      JOIN "ChangeRequest" c ON c.id = a."changeId"
      JOIN "User" u ON u.id = a."userId"
     WHERE a."changeId" = ANY(${[...changeIds]}::uuid[])
       AND NOT EXISTS (SELECT 1 FROM "SignOff" s
                        WHERE s."changeId" = a."changeId" AND s."approverId" = a."userId" AND s.fingerprint = c.fingerprint)
       AND ${seatInOpenStage(Prisma.sql`a."userId"`)}`
  for (const row of rows) byChange.set(row.changeId, [...(byChange.get(row.changeId) ?? []), { id: row.id, name: row.name }])
  for (const list of byChange.values()) list.sort((a, b) => a.name.localeCompare(b.name))
  return byChange
}

/**
 * One change notice, once: the change is read again in the transaction and
 * the event decided again (it may have started, been signed or rescheduled
 * since the scan); only then the key is inserted, and only an insert that
 * took writes the notice. A concurrent run inserting the same key waits for
 * this transaction and then inserts nothing.
 */
async function sendChangeNotice(candidate: Candidate, now: Date): Promise<number> {
  const { rule, key } = candidate
  return runTransaction(async (tx) => {
    const row = await tx.changeRequest.findUnique({ where: { id: candidate.row.id }, select: CHANGE_COLUMNS })
    if (!row) return 0
    const unsigned = needsSignOffs(rule.event) ? ((await unsignedApprovers(tx, [row.id])).get(row.id) ?? []) : []
    const due = dueChangeEvent(rule, toTimedChange(row, unsigned), now)
    if (!due || due.key !== key) return 0
    if (!(await claimKey(tx, key, now))) return 0
    const message = timedChangeMessage(rule.event, row, due.anchor, now, { unsignedNames: unsigned.map((a) => a.name) })
    const userIds = await recipientsOf(tx, rule.event, row, unsigned)
    await notify({ kind: noticeKindOf(rule.event), userIds, changeId: row.id, message }, { tx })
    return 1
  })
}

/** True when this transaction recorded the key; false when another run already has (or holds it and then commits). */
async function claimKey(tx: Tx, key: string, now: Date): Promise<boolean> {
  // Stamped with the run's `now`, the clock the pruning in sendTimedNotices measures against.
  const inserted = await tx.$executeRaw`INSERT INTO "TimedNoticeSent" (key, "createdAt") VALUES (${key}, ${now}) ON CONFLICT DO NOTHING`
  return inserted === 1
}

function noticeKindOf(event: TimedChangeEvent): NoticeKind {
  return event
}

/** Who hears each event (README, "Timed notices"). */
async function recipientsOf(tx: Tx, event: TimedChangeEvent, change: ChangeRow, unsigned: readonly Approver[]): Promise<string[]> {
  const managers = async () =>
    (await tx.user.findMany({ where: { active: true, roles: { has: 'CHANGE_MANAGER' } }, select: { id: true } })).map((u) => u.id)
  const approvers = async () => (await tx.changeApprover.findMany({ where: { changeId: change.id }, select: { userId: true } })).map((a) => a.userId)
  switch (event) {
    case 'sign-off-reminder':
      return unsigned.map((a) => a.id)
    case 'sign-off-escalation':
      return managers()
    case 'window-starting':
      return [change.requesterId, ...(await approvers()), ...(await watchersOf(tx, change.id))]
    case 'start-missed':
      return [change.requesterId, ...(await managers())]
    case 'overrun':
      return [change.requesterId, ...(await managers()), ...(await watchersOf(tx, change.id))]
    case 'review-due':
    case 'emergency-review-overdue':
      return [...(await managers()), change.requesterId]
  }
}

type FreezeCandidate = { freeze: LoadedFreeze; occurrence: { start: Date; end: Date }; key: string }

/**
 * Freeze occurrences starting within FREEZE_STARTING_HOURS: the freezes whose
 * span reaches that range (GiST prefilter), expanded by the domain. A rule
 * that cannot be fully expanded still announces the occurrences it found.
 */
async function freezeCandidates(now: Date): Promise<FreezeCandidate[]> {
  // One millisecond past the horizon: an occurrence starting exactly then is due (start − 24 h ≤ now).
  const range = { start: now, end: new Date(now.getTime() + FREEZE_STARTING_HOURS * HOUR + 1) }
  const freezes = await loadFreezesInRange(prisma, range, { serviceIds: 'any' })
  return freezes.flatMap((freeze) =>
    occurrencesBetween(freeze, range)
      .intervals.filter((occurrence) => freezeStartingDue(occurrence.start, now))
      .map((occurrence) => ({ freeze, occurrence, key: freezeStartingKey(freeze.id, occurrence.start) })),
  )
}

async function sendFreezeStarting(candidate: FreezeCandidate, now: Date): Promise<number> {
  const { freeze, occurrence, key } = candidate
  return runTransaction(async (tx) => {
    // Archived or redefined since the scan: its occurrence is not this one any more.
    const current = await tx.freezePeriod.findUnique({ where: { id: freeze.id }, select: { archivedAt: true, startsAt: true, endsAt: true, rrule: true } })
    if (!current || current.archivedAt || current.startsAt.getTime() !== freeze.startsAt.getTime() || current.endsAt.getTime() !== freeze.endsAt.getTime() || current.rrule !== freeze.rrule) {
      return 0
    }
    if (!(await claimKey(tx, key, now))) return 0
    const ownerIds = await freezeOwnerIds(tx, freeze)
    await notifyFreeze(tx, { action: 'starting', freeze, occurrence, ownerIds, now })
    return 1
  })
}
