import 'server-only'
import { normalizeServiceIds } from '@/lib/domain/change-request/fingerprint'
import { toMaterialContent, type MaterialContent } from '@/lib/domain/change-request/material'
import type { TransitionSubject } from '@/lib/domain/change-request/state-machine'
import type { Actor } from '@/lib/domain/shared/types'
import { formatInZone } from '@/lib/domain/time/zoned'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { viewerTimeZone } from '@/lib/server/viewer'

// The one loader of "the change about to move": every use case that changes a
// change (edit, submit, sign-off, schedule, freeze retro-check, lifecycle
// events) reads it here, as the domain sees it (policy resource + transition
// subject), and converts it to material content for revisions.

const CHANGE_FOR_WRITE = {
  id: true,
  number: true,
  title: true,
  type: true,
  status: true,
  requesterId: true,
  purpose: true,
  currentState: true,
  futureState: true,
  implementationPlan: true,
  rollbackPlan: true,
  monitoringPlan: true,
  testEvidence: true,
  communicationPlan: true,
  riskLevel: true,
  riskRaiseLevel: true,
  riskRaiseReason: true,
  riskAnswers: { select: { questionId: true, answer: true } },
  impactDescription: true,
  windowStart: true,
  windowEnd: true,
  revision: true,
  fingerprint: true,
  version: true,
  policyVersionId: true,
  templateVersionId: true,
  services: { select: { serviceId: true } },
  approvers: { select: { userId: true, source: true } },
} as const

export type ChangeForWrite = Awaited<ReturnType<typeof findChange>> & {}
export type WritableSubject = TransitionSubject & { id: string; number: number; version: number; policyVersionId: string | null; templateVersionId: string | null }

async function findChange(db: Tx, changeId: string) {
  return db.changeRequest.findUnique({ where: { id: changeId }, select: CHANGE_FOR_WRITE })
}

/** The change as the domain sees it (policy resource + transition subject), or NOT_FOUND. */
export async function loadChange(db: Tx, changeId: string): Promise<WritableSubject> {
  const row = /^[0-9a-f-]{36}$/i.test(changeId) ? await findChange(db, changeId) : null
  if (!row) throw new AppError('NOT_FOUND', 'This change does not exist.')
  const { services, approvers, riskAnswers, riskRaiseLevel, riskRaiseReason, ...rest } = row
  return {
    ...rest,
    serviceIds: services.map((s) => s.serviceId),
    approverIds: approvers.map((a) => a.userId),
    riskAnswers: Object.fromEntries(riskAnswers.map((a) => [a.questionId, a.answer])),
    riskRaise: riskRaiseLevel ? { level: riskRaiseLevel, reason: riskRaiseReason ?? '' } : null,
  }
}

/** Material content as stored in a revision snapshot (services sorted, windows ISO). */
export function materialOf(subject: TransitionSubject): MaterialContent {
  const content = toMaterialContent(subject)
  return { ...content, serviceIds: normalizeServiceIds(content.serviceIds) }
}

/**
 * Optimistic locking: the form carries the version it was loaded with. Call
 * after lockChange, so the check and the write see the same row.
 */
export async function assertVersion(tx: Tx, actor: Actor, change: WritableSubject, version: number | undefined): Promise<void> {
  if (version === undefined || version === change.version) return
  const last = await tx.auditEvent.findFirst({
    where: { changeId: change.id, actorId: { not: null } },
    orderBy: { id: 'desc' },
    select: { at: true, actor: { select: { name: true } } },
  })
  const who = last?.actor?.name ?? 'someone else'
  const when = last ? ` at ${formatInZone(last.at, viewerTimeZone(actor))}` : ''
  throw new AppError('CONFLICT', `This change was modified by ${who}${when} — reload to see their version.`, {
    reasons: [{ code: 'stale-version', message: `You edited version ${version}; the change is now at version ${change.version}.` }],
  })
}
