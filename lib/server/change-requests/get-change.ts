import 'server-only'
import { ZAuditEvent, describeAuditEvent } from '@/lib/domain/audit/events'
import { availableEvents, type ChangeEvent } from '@/lib/domain/change-request/state-machine'
import { can } from '@/lib/domain/authz/policy'
import { MATERIAL_FIELD_LABELS, type MaterialContent } from '@/lib/domain/change-request/material'
import type { Actor, ChangeStatus } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { viewerTimeZone } from '@/lib/server/viewer'
import { AppError } from '@/lib/server/errors'
import { parseRevisionContent, parseRevisionRisk } from '@/lib/domain/change-request/revision-content'
import { parseRiskAssessment, type RiskAssessment } from '@/lib/domain/risk/assess'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { mayPostStatusUpdate } from '@/lib/domain/change-request/status-update'
import { buildTimeline } from '@/lib/domain/change-request/timeline'

export type AuditEntry = {
  id: string
  at: Date
  actorName: string
  action: string
  description: string
  fromStatus: ChangeStatus | null
  toStatus: ChangeStatus | null
}

export type RevisionEntry = {
  number: number
  fingerprint: string
  createdAt: Date
  createdByName: string
  content: MaterialContent | null
  /** The risk assessment made with this revision (null before risk was computed). */
  risk: RiskAssessment | null
}

/** Everything the detail page shows, with what this actor may do. */
export async function getChange(actor: Actor, changeId: string) {
  const row = /^[0-9a-f-]{36}$/i.test(changeId)
    ? await prisma.changeRequest.findUnique({
        where: { id: changeId },
        include: {
          requester: { select: { id: true, name: true } },
          previousChange: { select: { id: true, number: true, title: true } },
          followUps: { select: { id: true, number: true, title: true, status: true }, orderBy: { number: 'asc' } },
          services: { select: { service: { select: { id: true, name: true, owner: { select: { name: true } } } } } },
          approvers: { select: { source: true, user: { select: { id: true, name: true } } }, orderBy: { createdAt: 'asc' } },
          revisions: { orderBy: { number: 'asc' }, include: { createdBy: { select: { name: true } } } },
          comments: { orderBy: { createdAt: 'asc' }, include: { author: { select: { name: true } } } },
          auditEvents: { orderBy: { id: 'asc' }, include: { actor: { select: { name: true } } } },
          updates: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: { author: { select: { name: true } } } },
          // Only the viewer's own row: is this change on their watch list?
          watchers: { where: { userId: actor.id }, select: { userId: true } },
          riskAnswers: { select: { questionId: true, answer: true } },
        },
      })
    : null
  if (!row) throw new AppError('NOT_FOUND', 'This change does not exist.')
  const { requester, services, approvers, revisions, comments, auditEvents, previousChange, followUps, updates, watchers, riskAnswers, riskAssessment, ...change } = row
  const resource = { ...change, approverIds: approvers.map((a) => a.user.id) }
  assertCan(actor, 'change:read', resource)
  const timeZone = viewerTimeZone(actor)

  // Names of services a revision mentions, including ones removed since.
  const revisionServiceIds = new Set(revisions.flatMap((r) => parseRevisionContent(r.content)?.serviceIds ?? []))
  const named = await prisma.service.findMany({ where: { id: { in: [...revisionServiceIds] } }, select: { id: true, name: true } })

  const events: ChangeEvent[] = availableEvents(resource, actor)
  return {
    change: { ...change, displayNumber: formatChangeNumber(change.number) },
    requester,
    // Retries and stages: the change this one follows, and those that follow it.
    previousChange: previousChange ? { ...previousChange, displayNumber: formatChangeNumber(previousChange.number) } : null,
    followUps: followUps.map((f) => ({ ...f, displayNumber: formatChangeNumber(f.number) })),
    services: services.map((s) => ({ id: s.service.id, name: s.service.name, ownerName: s.service.owner.name })),
    approvers: approvers.map((a) => ({ id: a.user.id, name: a.user.name, source: a.source })),
    revisions: revisions.map(
      (r): RevisionEntry => ({
        number: r.number,
        fingerprint: r.fingerprint,
        createdAt: r.createdAt,
        createdByName: r.createdBy.name,
        content: parseRevisionContent(r.content),
        risk: parseRevisionRisk(r.content),
      }),
    ),
    // The latest assessment (null for changes from before risk was computed) and the answers it was made from.
    risk: parseRiskAssessment(riskAssessment),
    riskAnswers: Object.fromEntries(riskAnswers.map((a) => [a.questionId, a.answer])) as Record<string, boolean>,
    serviceNames: Object.fromEntries(named.map((s) => [s.id, s.name])) as Record<string, string>,
    comments: comments.map((c) => ({ id: c.id, body: c.body, isConcern: c.isConcern, createdAt: c.createdAt, authorName: c.author.name })),
    audit: auditEvents.map(toAuditEntry),
    // Status updates, the outcome and the review, in time order (lib/domain/change-request/timeline.ts).
    timeline: buildTimeline({
      updates: updates.map((u) => ({ id: u.id, body: u.body, createdAt: u.createdAt, authorName: u.author.name })),
      auditEvents: auditEvents.map((e) => ({ id: e.id.toString(), action: e.action, at: e.at, actorName: e.actor?.name ?? null, details: e.details })),
      change,
    }),
    watching: watchers.length > 0,
    timeZone,
    permissions: {
      edit: can(actor, 'change:edit', resource) && ['DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED'].includes(change.status),
      comment: can(actor, 'change:comment', resource),
      followUp: can(actor, 'change:create') && change.status !== 'DRAFT',
      postUpdate: mayPostStatusUpdate(actor, resource),
      watch: can(actor, 'change:watch', resource),
      events,
    },
  }
}

export type ChangeDetail = Awaited<ReturnType<typeof getChange>>

function toAuditEntry(event: {
  id: bigint
  at: Date
  action: string
  fromStatus: ChangeStatus | null
  toStatus: ChangeStatus | null
  details: unknown
  actor: { name: string } | null
}): AuditEntry {
  const parsed = ZAuditEvent.safeParse({
    action: event.action,
    fromStatus: event.fromStatus ?? undefined,
    toStatus: event.toStatus ?? undefined,
    details: event.details,
  })
  return {
    id: event.id.toString(),
    at: event.at,
    actorName: event.actor?.name ?? 'Changeboard (automatic)',
    action: event.action,
    description: parsed.success ? describeAuditEvent(withFieldLabels(parsed.data)) : event.action.replaceAll(/[.-]/g, ' '),
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
  }
}

/** Audit details keep field keys (for programs); people read the form's labels. */
function withFieldLabels<T extends { details: object }>(event: T): T {
  if (!('fields' in event.details) || !Array.isArray(event.details.fields)) return event
  const label = (field: unknown) =>
    field === 'title' ? 'Title' : typeof field === 'string' && field in MATERIAL_FIELD_LABELS ? MATERIAL_FIELD_LABELS[field as keyof typeof MATERIAL_FIELD_LABELS] : String(field)
  return { ...event, details: { ...event.details, fields: event.details.fields.map(label) } }
}
