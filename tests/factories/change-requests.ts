import { fingerprintOf } from '../../lib/domain/change-request/fingerprint'
import { DEFAULT_RULES } from '../../lib/domain/approval-policy/policy-rules'
import { resolvePolicy } from '../../lib/domain/approval-policy/snapshot'
import { formatChangeNumber } from '../../lib/domain/change-request/number'
import { toMaterialContent, type MaterialContent } from '../../lib/domain/change-request/material'
import type { ChangeStatus, ChangeType, Prisma, PrismaClient, RiskLevel } from '../../lib/generated/prisma/client'
import { uniqueSuffix } from './db'

/** A client or a transaction (no 'server-only' imports: the seed and e2e use this too). */
export type ChangeFactoryDb = Pick<
  PrismaClient,
  'changeRequest' | 'changeService' | 'changeApprover' | 'changeApprovalRule' | 'changeRevision' | 'signOff' | 'service' | 'user' | 'auditEvent' | 'changeView' | '$queryRaw'
>

const HOUR = 3_600_000
let windows = 0

export type CreateChangeInput = {
  requesterId: string
  serviceIds: string[]
  /** Nominated approvers besides the service owners (the requester is always dropped). */
  nominatedIds?: string[]
  status?: ChangeStatus
  title?: string
  type?: ChangeType
  riskLevel?: RiskLevel
  windowStart?: Date | null
  windowEnd?: Date | null
  /** Overrides of the text fields (purpose, rollbackPlan, …). */
  text?: Partial<Record<'purpose' | 'currentState' | 'futureState' | 'implementationPlan' | 'rollbackPlan' | 'monitoringPlan' | 'testEvidence' | 'communicationPlan' | 'impactDescription', string>>
  /** For APPROVED and later: every approver's sign-off on the revision (default true). */
  signOffs?: boolean
  cancelReason?: string
  /** Who scheduled, started and closed it in the audit trail (default: the requester). */
  managerId?: string
  /**
   * When each step happened (default: now, as the database writes it). Sets
   * the audit events' `at`, the sign-offs' `signedAt`, the revision's and the
   * change's `createdAt`, and `startedAt` / `finishedAt` / `reviewedAt` — for
   * a history in the past (the demo data, the metrics tests).
   */
  timeline?: ChangeTimeline
  /** Who signs, in order (default: every approver; for REJECTED, the first, who rejects). */
  signerIds?: string[]
  /** The sign-offs' statement (default: a plain 51-character one). */
  statement?: string
  /** Filed from this standard template version: no approvers and no sign-offs (it is approved on the template's basis). */
  templateVersionId?: string
}

/** Instants of a change's steps; `signedAt[i]` is the i-th signer's (the last one approves the change). */
export type ChangeTimeline = {
  createdAt?: Date
  submittedAt?: Date
  signedAt?: Date[]
  /** `viewedAt[i]`: when the i-th signer first opened the revision (the metrics' reading time). */
  viewedAt?: Date[]
  scheduledAt?: Date
  startedAt?: Date
  finishedAt?: Date
  reviewedAt?: Date
}

export type FactoryChange = {
  id: string
  number: number
  displayNumber: string
  status: ChangeStatus
  revision: number
  fingerprint: string | null
  version: number
  approverIds: string[]
  content: MaterialContent
}

const SIGNED: readonly ChangeStatus[] = ['APPROVED', 'SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'ROLLED_BACK', 'FAILED', 'CLOSED']
// Statuses the database backstop guards: written only once the approvals exist.
const GATED: readonly ChangeStatus[] = ['SCHEDULED', 'IN_PROGRESS']

async function nextNumber(db: ChangeFactoryDb): Promise<number> {
  // The application's own gap-free sequence, so numbers never collide.
  const rows = await db.$queryRaw<{ value: number }[]>`
    INSERT INTO "NumberSequence" (name, value) VALUES ('change', 1)
    ON CONFLICT (name) DO UPDATE SET value = "NumberSequence".value + 1
    RETURNING value`
  const value = rows[0]?.value
  if (value === undefined) throw new Error('NumberSequence returned no value')
  return value
}

/**
 * A complete, valid change in any status, written directly. Anything past
 * DRAFT (except a draft reopened after rejection) has revision 1 with its
 * snapshot and fingerprint, and required approvers (owners + nominated).
 */
export async function createChange(db: ChangeFactoryDb, input: CreateChangeInput): Promise<FactoryChange> {
  const suffix = uniqueSuffix()
  const status = input.status ?? 'DRAFT'
  windows += 1
  const windowStart = input.windowStart === undefined ? new Date(Date.now() + 10 * 24 * HOUR + windows * 3 * HOUR) : input.windowStart
  const windowEnd = input.windowEnd === undefined ? (windowStart ? new Date(windowStart.getTime() + 2 * HOUR) : null) : input.windowEnd
  const text = (what: string) => `${what} for change ${suffix}, written out in full.`
  const fields = {
    purpose: text('Purpose'),
    currentState: text('Current state'),
    futureState: text('Future state'),
    implementationPlan: `1. ${text('First step')}\n2. ${text('Second step')}`,
    rollbackPlan: text('Rollback plan'),
    monitoringPlan: text('Monitoring plan'),
    testEvidence: text('Test evidence'),
    communicationPlan: text('Communication plan'),
    impactDescription: text('Impact'),
    ...input.text,
    type: input.type ?? 'NORMAL',
    riskLevel: input.riskLevel ?? 'MEDIUM',
  }
  const content = toMaterialContent({ ...fields, windowStart, windowEnd, serviceIds: [...input.serviceIds].sort() })
  const submitted = status !== 'DRAFT'
  const fingerprint = submitted ? fingerprintOf(content) : null

  const services = await db.service.findMany({ where: { id: { in: input.serviceIds } }, select: { ownerId: true } })
  const owners = input.templateVersionId ? [] : [...new Set(services.map((s) => s.ownerId))].filter((id) => id !== input.requesterId)
  const nominated = [...new Set(input.nominatedIds ?? [])].filter((id) => id !== input.requesterId && !owners.includes(id))

  const number = await nextNumber(db)
  // The database refuses a SCHEDULED or IN_PROGRESS row until its approvals
  // exist, so such a change is written APPROVED and moved on at the end.
  const writtenStatus = GATED.includes(status) ? 'APPROVED' : status
  const change = await db.changeRequest.create({
    data: {
      number,
      title: input.title ?? `Test change ${suffix}`,
      status: writtenStatus,
      requesterId: input.requesterId,
      ...fields,
      windowStart,
      windowEnd,
      revision: submitted ? 1 : 0,
      fingerprint,
      templateVersionId: input.templateVersionId ?? null,
      cancelReason: status === 'CANCELLED' ? (input.cancelReason ?? 'No longer needed.') : null,
      ...lifecycleColumns(status, input.timeline),
    },
    select: { id: true, version: true },
  })
  await db.changeService.createMany({ data: input.serviceIds.map((serviceId) => ({ changeId: change.id, serviceId })) })
  await db.changeApprover.createMany({
    data: [
      ...owners.map((userId) => ({ changeId: change.id, userId, source: 'SERVICE_OWNER' as const })),
      ...nominated.map((userId) => ({ changeId: change.id, userId, source: 'NOMINATED' as const })),
    ],
  })
  // A change from a standard template has no snapshot: its template's approval stands in.
  if (submitted && !input.templateVersionId) {
    // The snapshot submission would have written: the default policy (every owner) and the nominees.
    const people = await db.user.findMany({ where: { id: { in: [...owners, ...nominated] } }, select: { id: true, name: true } })
    const named = (ids: readonly string[]) => ids.map((id) => ({ id, name: people.find((p) => p.id === id)?.name ?? id }))
    const { rules } = resolvePolicy({
      rules: DEFAULT_RULES,
      requesterId: input.requesterId,
      owners: { approvers: named(owners).map((p) => ({ ...p, source: 'SERVICE_OWNER' as const })), excludedRequester: false, vacantSeats: [] },
      groups: new Map(),
      users: new Map(),
      changeManagers: [],
      nominated: named(nominated),
    })
    await db.changeApprovalRule.createMany({ data: rules.map((rule) => ({ changeId: change.id, ...rule })) })
  }
  await db.auditEvent.create({
    data: {
      changeId: change.id,
      entityType: 'change',
      entityId: change.id,
      actorId: input.requesterId,
      action: 'change.created',
      toStatus: 'DRAFT',
      details: { title: input.title ?? `Test change ${suffix}`, type: fields.type },
      at: input.timeline?.createdAt,
    },
  })
  const signOffAudit: AuditRow[] = []
  if (fingerprint) {
    await db.changeRevision.create({ data: { changeId: change.id, number: 1, fingerprint, content, createdById: input.requesterId, createdAt: input.timeline?.submittedAt } })
    const approverIds = [...owners, ...nominated]
    if ((input.signOffs ?? true) && (SIGNED.includes(status) || status === 'REJECTED')) {
      const signers = input.signerIds ?? (status === 'REJECTED' ? approverIds.slice(0, 1) : approverIds)
      for (const [i, approverId] of signers.entries()) {
        const approver = await db.user.findUniqueOrThrow({ where: { id: approverId }, select: { name: true } })
        const decision = status === 'REJECTED' ? 'REJECTED' : 'APPROVED'
        const statement = input.statement ?? 'I reviewed the plans, the window and the rollback.'
        const written = { decision, statement, signature: approver.name, revisionNumber: 1, fingerprint } as const
        const signedAt = input.timeline?.signedAt?.[i]
        await db.signOff.create({ data: { changeId: change.id, approverId, ...written, signedAt } })
        const viewedAt = input.timeline?.viewedAt?.[i]
        if (viewedAt) await db.changeView.create({ data: { changeId: change.id, userId: approverId, revision: 1, firstViewedAt: viewedAt } })
        signOffAudit.push({ actorId: approverId, action: 'signoff.recorded', details: written, at: signedAt })
      }
    }
  }
  await db.auditEvent.createMany({
    data: lifecycleAudit(status, {
      requesterId: input.requesterId,
      managerId: input.managerId ?? input.requesterId,
      fingerprint,
      signOffAudit,
      cancelReason: input.cancelReason,
      timeline: input.timeline ?? {},
    }).map(
      (row) => ({ changeId: change.id, entityType: 'change', entityId: change.id, ...row }),
    ),
  })
  const version = writtenStatus === status ? change.version : (await db.changeRequest.update({ where: { id: change.id }, data: { status }, select: { version: true } })).version
  return {
    id: change.id,
    number,
    displayNumber: formatChangeNumber(number),
    status,
    revision: submitted ? 1 : 0,
    fingerprint,
    version,
    approverIds: [...owners, ...nominated],
    content,
  }
}

type AuditRow = { actorId: string; action: string; fromStatus?: ChangeStatus; toStatus?: ChangeStatus; details: Prisma.InputJsonObject; at?: Date }

const STARTED: readonly ChangeStatus[] = ['IN_PROGRESS', 'COMPLETED', 'ROLLED_BACK', 'FAILED', 'CLOSED']
const FINISHED: readonly ChangeStatus[] = ['COMPLETED', 'ROLLED_BACK', 'FAILED', 'CLOSED']

/** The change's own step columns, from the timeline (only where given and reached). */
function lifecycleColumns(status: ChangeStatus, timeline: ChangeTimeline | undefined) {
  // A closed change was reviewed, as through the app (the database insists for an emergency one).
  const review = status === 'CLOSED' ? { reviewNotes: REVIEW_NOTES, reviewedAt: timeline?.reviewedAt ?? new Date() } : {}
  if (!timeline) return review
  return {
    createdAt: timeline.createdAt,
    startedAt: STARTED.includes(status) ? timeline.startedAt : undefined,
    finishedAt: FINISHED.includes(status) ? timeline.finishedAt : undefined,
    ...review,
  }
}

const REVIEW_NOTES = 'Reviewed: nothing left behind.'

/**
 * The audit events the use cases would have written to bring a change from
 * DRAFT to `status` (after 'change.created'), so a factory-made change — and
 * the demo data built from it — reads like one that went through the app.
 */
function lifecycleAudit(
  status: ChangeStatus,
  at: { requesterId: string; managerId: string; fingerprint: string | null; signOffAudit: AuditRow[]; cancelReason?: string; timeline: ChangeTimeline },
): AuditRow[] {
  const ref = { revision: 1, fingerprint: at.fingerprint ?? '' }
  const t = at.timeline
  const step = (actorId: string, action: string, fromStatus: ChangeStatus, toStatus: ChangeStatus, details: Prisma.InputJsonObject = {}, when?: Date): AuditRow => ({
    actorId,
    action,
    fromStatus,
    toStatus,
    details,
    at: when,
  })
  if (status === 'DRAFT') return []
  if (status === 'CANCELLED') return [step(at.requesterId, 'change.cancelled', 'DRAFT', 'CANCELLED', { reason: at.cancelReason ?? 'No longer needed.' }, t.createdAt)]
  const rows = [step(at.requesterId, 'change.submitted', 'DRAFT', 'SUBMITTED', ref, t.submittedAt), ...at.signOffAudit]
  // Without sign-offs (a change from a standard template) the approval comes with the submission.
  const decidedAt = at.signOffAudit.at(-1)?.at ?? t.submittedAt
  if (status === 'SUBMITTED') return rows
  if (status === 'REJECTED') return [...rows, step(at.requesterId, 'change.rejected', 'SUBMITTED', 'REJECTED', ref, decidedAt)]
  // Approval is the system's move once the last sign-off lands; it is recorded under that approver.
  const lastSigner = at.signOffAudit.at(-1)?.actorId ?? at.requesterId
  rows.push(step(lastSigner, 'change.approved', 'SUBMITTED', 'APPROVED', ref, decidedAt))
  const path: [ChangeStatus, ChangeStatus, string, Prisma.InputJsonObject, Date | undefined][] = [
    ['APPROVED', 'SCHEDULED', 'change.scheduled', { acknowledgedConflicts: [] }, t.scheduledAt],
    ['SCHEDULED', 'IN_PROGRESS', 'change.started', {}, t.startedAt],
  ]
  const outcome: Partial<Record<ChangeStatus, string>> = { COMPLETED: 'change.completed', ROLLED_BACK: 'change.rolled-back', FAILED: 'change.failed' }
  for (const [from, to, action, details, when] of path) {
    if (status === from) return rows
    rows.push(step(at.managerId, action, from, to, details, when))
    if (status === to) return rows
  }
  const finished: ChangeStatus = status === 'CLOSED' ? 'COMPLETED' : status
  rows.push(step(at.managerId, outcome[finished] ?? 'change.completed', 'IN_PROGRESS', finished, { notes: 'Done as planned.' }, t.finishedAt))
  if (status === 'CLOSED') rows.push(step(at.managerId, 'change.reviewed', 'COMPLETED', 'CLOSED', { notes: REVIEW_NOTES }, t.reviewedAt))
  return rows
}
