// The change page's timeline: what happened while the change ran and after,
// in time order. Status updates come from their own table; the outcome and the
// post-implementation review come from the audit events that recorded them
// (which carry who wrote the notes and when), falling back to the columns on
// the change for rows written without one (old data, direct inserts).
import { ZAuditEvent } from '../audit/events'

export type TimelineKind = 'update' | 'outcome' | 'review'

export type TimelineEntry = {
  id: string
  kind: TimelineKind
  /** "Status update", "Outcome: completed", "Post-implementation review". */
  label: string
  at: Date
  /** null when the row that wrote it does not say (the fallback from the change's columns). */
  authorName: string | null
  body: string
}

export type TimelineInput = {
  updates: readonly { id: string; body: string; createdAt: Date; authorName: string }[]
  auditEvents: readonly { id: string; action: string; at: Date; actorName: string | null; details: unknown }[]
  change: { outcomeNotes: string | null; finishedAt: Date | null; reviewNotes: string | null; reviewedAt: Date | null }
}

const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  'change.completed': 'Outcome: completed',
  'change.rolled-back': 'Outcome: rolled back',
  'change.failed': 'Outcome: failed',
}
const REVIEW_LABEL = 'Post-implementation review'
const KIND_ORDER: Readonly<Record<TimelineKind, number>> = { update: 0, outcome: 1, review: 2 }

export function buildTimeline(input: TimelineInput): TimelineEntry[] {
  const entries: TimelineEntry[] = input.updates.map((u) => ({
    id: `update-${u.id}`,
    kind: 'update',
    label: 'Status update',
    at: u.createdAt,
    authorName: u.authorName,
    body: u.body,
  }))
  for (const event of input.auditEvents) {
    const parsed = ZAuditEvent.safeParse({ action: event.action, details: event.details })
    if (!parsed.success || !('notes' in parsed.data.details)) continue
    const kind: TimelineKind | null = event.action in OUTCOME_LABELS ? 'outcome' : event.action === 'change.reviewed' ? 'review' : null
    if (!kind) continue
    entries.push({
      id: `${kind}-${event.id}`,
      kind,
      label: kind === 'review' ? REVIEW_LABEL : (OUTCOME_LABELS[event.action] ?? 'Outcome'),
      at: event.at,
      authorName: event.actorName,
      body: parsed.data.details.notes,
    })
  }
  const { change } = input
  if (change.outcomeNotes && change.finishedAt && !entries.some((e) => e.kind === 'outcome')) {
    entries.push({ id: 'outcome-change', kind: 'outcome', label: 'Outcome', at: change.finishedAt, authorName: null, body: change.outcomeNotes })
  }
  if (change.reviewNotes && change.reviewedAt && !entries.some((e) => e.kind === 'review')) {
    entries.push({ id: 'review-change', kind: 'review', label: REVIEW_LABEL, at: change.reviewedAt, authorName: null, body: change.reviewNotes })
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id))
}
