import { fingerprintOf } from '../../lib/domain/change-request/fingerprint'
import { toMaterialContent, type MaterialContent } from '../../lib/domain/change-request/material'
import type { ChangeStatus, ChangeType, PrismaClient, RiskLevel, SignOffDecision } from '../../lib/generated/prisma/client'
import { defaultDb, uniqueSuffix } from './db'

/** A client or a transaction: factories work in either. */
export type SignOffFactoryDb = Pick<
  PrismaClient,
  'changeRequest' | 'changeService' | 'changeApprover' | 'changeRevision' | 'signOff' | 'service' | 'user' | '$queryRaw'
>

const HOUR = 3_600_000
let defaultWindows = 0

/** A week ahead, each default window 3 hours after the previous one, so arranged changes never crowd one window by accident. */
function nextDefaultWindowStart(): Date {
  defaultWindows += 1
  return new Date(Date.now() + 7 * 24 * HOUR + defaultWindows * 3 * HOUR)
}

export type ArrangeChangeInput = {
  requesterId: string
  serviceIds: string[]
  /** Required approvers besides the owners of the services (the requester is always dropped). */
  nominatedIds?: string[]
  status?: ChangeStatus
  type?: ChangeType
  riskLevel?: RiskLevel
  title?: string
  purpose?: string
  windowStart?: Date
  windowEnd?: Date
}

export type ArrangedChange = {
  id: string
  number: number
  revision: number
  fingerprint: string
  approverIds: string[]
  content: MaterialContent
}

async function nextChangeNumber(db: SignOffFactoryDb): Promise<number> {
  // The same gap-free sequence the application uses, so numbers never collide.
  const rows = await db.$queryRaw<{ value: number }[]>`
    INSERT INTO "NumberSequence" (name, value) VALUES ('change', 1)
    ON CONFLICT (name) DO UPDATE SET value = "NumberSequence".value + 1
    RETURNING value`
  const value = rows[0]?.value
  if (value === undefined) throw new Error('NumberSequence did not return a value')
  return value
}

/**
 * A submitted change (revision 1 with its snapshot) and its required approvers
 * (owners of the services plus nominated, never the requester), written
 * directly: for arranging sign-off and scheduling scenarios.
 */
export async function arrangeSubmittedChange(input: ArrangeChangeInput, db?: SignOffFactoryDb): Promise<ArrangedChange> {
  const client = db ?? ((await defaultDb()) as unknown as SignOffFactoryDb)
  const suffix = uniqueSuffix()
  const windowStart = input.windowStart ?? nextDefaultWindowStart()
  const windowEnd = input.windowEnd ?? new Date(windowStart.getTime() + 2 * HOUR)
  const text = (what: string) => `${what} for test change ${suffix}, written out in full.`
  const fields = {
    purpose: input.purpose ?? text('Purpose'),
    currentState: text('Current state'),
    futureState: text('Future state'),
    implementationPlan: text('Implementation plan'),
    rollbackPlan: text('Rollback plan'),
    monitoringPlan: text('Monitoring plan'),
    testEvidence: text('Test evidence'),
    communicationPlan: text('Communication plan'),
    impactDescription: text('Impact'),
    type: input.type ?? 'NORMAL',
    riskLevel: input.riskLevel ?? 'MEDIUM',
  } as const
  const content = toMaterialContent({ ...fields, windowStart, windowEnd, serviceIds: input.serviceIds })
  const fingerprint = fingerprintOf(content)
  const services = await client.service.findMany({ where: { id: { in: input.serviceIds } }, select: { ownerId: true } })
  const owners = [...new Set(services.map((s) => s.ownerId))].filter((id) => id !== input.requesterId)
  const nominated = [...new Set(input.nominatedIds ?? [])].filter((id) => id !== input.requesterId && !owners.includes(id))

  const change = await client.changeRequest.create({
    data: {
      number: await nextChangeNumber(client),
      title: input.title ?? `Test change ${suffix}`,
      status: input.status ?? 'SUBMITTED',
      requesterId: input.requesterId,
      ...fields,
      windowStart,
      windowEnd,
      revision: 1,
      fingerprint,
    },
    select: { id: true, number: true },
  })
  await client.changeService.createMany({ data: input.serviceIds.map((serviceId) => ({ changeId: change.id, serviceId })) })
  await client.changeApprover.createMany({
    data: [
      ...owners.map((userId) => ({ changeId: change.id, userId, source: 'SERVICE_OWNER' as const })),
      ...nominated.map((userId) => ({ changeId: change.id, userId, source: 'NOMINATED' as const })),
    ],
  })
  await client.changeRevision.create({
    data: { changeId: change.id, number: 1, fingerprint, content, createdById: input.requesterId },
  })
  return { id: change.id, number: change.number, revision: 1, fingerprint, approverIds: [...owners, ...nominated], content }
}

export type SignOffInput = {
  changeId: string
  approverId: string
  decision?: SignOffDecision
  revisionNumber: number
  fingerprint: string
  statement?: string
  signature?: string
  signedAt?: Date
}

/** One stored decision, as the sign-off use case writes it (no status change). */
export async function signOff(input: SignOffInput, db?: SignOffFactoryDb) {
  const client = db ?? ((await defaultDb()) as unknown as SignOffFactoryDb)
  const approver = await client.user.findUniqueOrThrow({ where: { id: input.approverId }, select: { name: true } })
  return client.signOff.create({
    data: {
      changeId: input.changeId,
      approverId: input.approverId,
      decision: input.decision ?? 'APPROVED',
      statement: input.statement ?? 'I reviewed the plans, the window and the rollback and I agree.',
      signature: input.signature ?? approver.name,
      revisionNumber: input.revisionNumber,
      fingerprint: input.fingerprint,
      ...(input.signedAt ? { signedAt: input.signedAt } : {}),
    },
  })
}

/** An APPROVED change with an approval from every required approver for its current fingerprint. */
export async function createApprovedChange(input: Omit<ArrangeChangeInput, 'status'>, db?: SignOffFactoryDb): Promise<ArrangedChange> {
  const client = db ?? ((await defaultDb()) as unknown as SignOffFactoryDb)
  const change = await arrangeSubmittedChange({ ...input, status: 'APPROVED' }, client)
  for (const approverId of change.approverIds) {
    await signOff({ changeId: change.id, approverId, revisionNumber: change.revision, fingerprint: change.fingerprint }, client)
  }
  return change
}

/**
 * The invariant, straight in SQL: ids of changes that are SCHEDULED or
 * IN_PROGRESS (or APPROVED) without an APPROVED sign-off from every required
 * approver for their CURRENT fingerprint (or with no approvers at all).
 */
export async function findSignOffInvariantViolations(db: Pick<PrismaClient, '$queryRaw'>): Promise<{ id: string; status: ChangeStatus }[]> {
  return db.$queryRaw<{ id: string; status: ChangeStatus }[]>`
    SELECT c.id, c.status FROM "ChangeRequest" c
     WHERE c.status IN ('APPROVED', 'SCHEDULED', 'IN_PROGRESS')
       AND (c.fingerprint IS NULL
        OR NOT EXISTS (SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = c.id)
        OR EXISTS (
          SELECT 1 FROM "ChangeApprover" a
           WHERE a."changeId" = c.id
             AND NOT EXISTS (
               SELECT 1 FROM "SignOff" s
                WHERE s."changeId" = c.id AND s."approverId" = a."userId"
                  AND s.fingerprint = c.fingerprint AND s.decision = 'APPROVED')))`
}
