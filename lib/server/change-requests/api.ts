import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { AppError } from '@/lib/server/errors'
import { getChange, type ChangeDetail } from '@/lib/server/change-requests/get-change'
import { MATERIAL_TEXT_FIELDS } from '@/lib/domain/change-request/material'
import { listChanges, type ChangeListItem } from '@/lib/server/change-requests/list-changes'
import type { TApiListChangesInput } from '@/lib/server/change-requests/schemas'

// The JSON shapes of /api/v1/changes (README "Tokens and the REST API").
// Times are ISO 8601 instants in UTC.

const iso = (date: Date | null) => (date ? date.toISOString() : null)


export function apiListItem(item: ChangeListItem) {
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    status: item.status,
    type: item.type,
    riskLevel: item.riskLevel,
    windowStart: iso(item.windowStart),
    windowEnd: iso(item.windowEnd),
    requesterName: item.requesterName,
  }
}

/** One page of the change list; `nextCursor` is null on the last page. */
export async function listChangesForApi(actor: Actor, input: TApiListChangesInput) {
  const { cursor, ...filters } = input
  const page = await listChanges(actor, { ...filters, after: cursor, page: 1 })
  return { items: page.items.map(apiListItem), nextCursor: page.next }
}

export type ApiChange = ReturnType<typeof apiChange>

export function apiChange(detail: ChangeDetail) {
  const { change } = detail
  return {
    id: change.id,
    number: change.displayNumber,
    title: change.title,
    status: change.status,
    type: change.type,
    riskLevel: change.riskLevel,
    // Why the risk is what it is: the rules that fired, the questionnaire answers and the requester's raise.
    riskReasons: (detail.risk?.fired ?? []).map((f) => ({ rule: f.rule, level: f.level, reason: f.reason })),
    riskAnswers: detail.riskAnswers,
    riskRaiseLevel: change.riskRaiseLevel,
    riskRaiseReason: change.riskRaiseReason,
    /** Send it back as If-Match to PATCH (optimistic locking). */
    version: change.version,
    revision: change.revision,
    fingerprint: change.fingerprint,
    windowStart: iso(change.windowStart),
    windowEnd: iso(change.windowEnd),
    // Typed, so the OpenAPI document's conformance check (lib/server/openapi) sees the text fields.
    ...(Object.fromEntries(MATERIAL_TEXT_FIELDS.map((field) => [field, change[field]])) as Record<(typeof MATERIAL_TEXT_FIELDS)[number], string>),
    requester: detail.requester,
    services: detail.services.map((s) => ({ id: s.id, name: s.name })),
    approvers: detail.approvers,
    previousChangeId: detail.previousChange?.id ?? null,
    createdAt: change.createdAt.toISOString(),
    updatedAt: change.updatedAt.toISOString(),
  }
}

export async function getChangeForApi(actor: Actor, changeId: string) {
  return apiChange(await getChange(actor, changeId))
}

/**
 * A PATCH sends only what changes: the rest is taken from the change as it
 * stands, in the API's own shape, so ZApiChangeFields parses the merge.
 */
export async function mergePatch(actor: Actor, changeId: string, patch: Record<string, unknown>): Promise<Record<string, unknown>> {
  const detail = await getChange(actor, changeId)
  const current = apiChange(detail)
  const base: Record<string, unknown> = {
    title: current.title,
    type: current.type,
    riskAnswers: current.riskAnswers,
    riskRaiseLevel: current.riskRaiseLevel,
    riskRaiseReason: current.riskRaiseReason ?? '',
    windowStart: current.windowStart,
    windowEnd: current.windowEnd,
    serviceIds: current.services.map((s) => s.id),
    approverIds: detail.approvers.filter((a) => a.source === 'NOMINATED').map((a) => a.id),
  }
  for (const field of MATERIAL_TEXT_FIELDS) base[field] = detail.change[field]
  return { ...base, ...patch }
}

/**
 * `If-Match: <version>` (a bare number, or an ETag-style "3" / W/"3"). Required
 * on PATCH; a missing or unreadable one is a 400.
 */
export function ifMatchVersion(request: Request, required: boolean): number | undefined {
  const header = request.headers.get('if-match')
  if (header === null) {
    if (required) throw new AppError('INVALID_INPUT', 'Send If-Match with the version you last read (the "version" field of GET /api/v1/changes/:id).')
    return undefined
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header)
  if (!match?.[1] || Number(match[1]) < 1) throw new AppError('INVALID_INPUT', 'If-Match must be the change’s version, a positive whole number.')
  return Number(match[1])
}

/** A stale version is a failed precondition for the API (412), a conflict for the forms (409). */
export async function withPrecondition<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof AppError && error.code === 'CONFLICT' && error.details.reasons?.some((r) => r.code === 'stale-version')) {
      throw new AppError('PRECONDITION_FAILED', error.message, { reasons: error.details.reasons })
    }
    throw error
  }
}
