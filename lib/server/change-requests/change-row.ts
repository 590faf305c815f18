import 'server-only'
import type { TransitionSubject } from '@/lib/domain/change-request/state-machine'
import { normalizeServiceIds } from '@/lib/domain/change-request/fingerprint'
import { toMaterialContent, type MaterialContent } from '@/lib/domain/change-request/material'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'

// What every write use case loads about a change, and the conversions to the
// domain's shapes (policy resource, transition subject, material content).

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
  impactDescription: true,
  windowStart: true,
  windowEnd: true,
  revision: true,
  fingerprint: true,
  version: true,
  services: { select: { serviceId: true } },
  approvers: { select: { userId: true, source: true } },
} as const

export type ChangeForWrite = Awaited<ReturnType<typeof findChange>> & {}
export type WritableSubject = TransitionSubject & { id: string; number: number; version: number }

async function findChange(db: Tx, changeId: string) {
  return db.changeRequest.findUnique({ where: { id: changeId }, select: CHANGE_FOR_WRITE })
}

/** The change as the domain sees it (policy resource + transition subject), or NOT_FOUND. */
export async function loadChange(db: Tx, changeId: string): Promise<WritableSubject> {
  const row = /^[0-9a-f-]{36}$/i.test(changeId) ? await findChange(db, changeId) : null
  if (!row) throw new AppError('NOT_FOUND', 'This change does not exist.')
  const { services, approvers, ...rest } = row
  return { ...rest, serviceIds: services.map((s) => s.serviceId), approverIds: approvers.map((a) => a.userId) }
}

/** Material content as stored in a revision snapshot (services sorted, windows ISO). */
export function materialOf(subject: TransitionSubject): MaterialContent {
  const content = toMaterialContent(subject)
  return { ...content, serviceIds: normalizeServiceIds(content.serviceIds) }
}

/**
 * Gap-free, unique numbers: the sequence row is incremented inside the
 * creating transaction, so concurrent creators queue on its row lock and a
 * rolled-back creation gives its number back.
 */
export async function allocateChangeNumber(tx: Tx): Promise<number> {
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO "NumberSequence" (name, value) VALUES ('change', 1)
    ON CONFLICT (name) DO UPDATE SET value = "NumberSequence".value + 1
    RETURNING value`
  const value = rows[0]?.value
  if (value === undefined) throw new Error('NumberSequence returned no value')
  return value
}

