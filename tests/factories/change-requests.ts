import { fingerprintOf } from '../../lib/domain/change-request/fingerprint'
import { formatChangeNumber } from '../../lib/domain/change-request/number'
import { toMaterialContent, type MaterialContent } from '../../lib/domain/change-request/material'
import type { ChangeStatus, ChangeType, PrismaClient, RiskLevel } from '../../lib/generated/prisma/client'
import { uniqueSuffix } from './db'

/** A client or a transaction (no 'server-only' imports: the seed and e2e use this too). */
export type ChangeFactoryDb = Pick<
  PrismaClient,
  'changeRequest' | 'changeService' | 'changeApprover' | 'changeRevision' | 'signOff' | 'service' | 'user' | 'auditEvent' | '$queryRaw'
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
  const owners = [...new Set(services.map((s) => s.ownerId))].filter((id) => id !== input.requesterId)
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
      cancelReason: status === 'CANCELLED' ? (input.cancelReason ?? 'No longer needed.') : null,
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
  await db.auditEvent.create({
    data: {
      changeId: change.id,
      entityType: 'change',
      entityId: change.id,
      actorId: input.requesterId,
      action: 'change.created',
      toStatus: 'DRAFT',
      details: { title: input.title ?? `Test change ${suffix}`, type: fields.type },
    },
  })
  if (fingerprint) {
    await db.changeRevision.create({ data: { changeId: change.id, number: 1, fingerprint, content, createdById: input.requesterId } })
    const approverIds = [...owners, ...nominated]
    if ((input.signOffs ?? true) && (SIGNED.includes(status) || status === 'REJECTED')) {
      const signers = status === 'REJECTED' ? approverIds.slice(0, 1) : approverIds
      for (const approverId of signers) {
        const approver = await db.user.findUniqueOrThrow({ where: { id: approverId }, select: { name: true } })
        await db.signOff.create({
          data: {
            changeId: change.id,
            approverId,
            decision: status === 'REJECTED' ? 'REJECTED' : 'APPROVED',
            statement: 'I reviewed the plans, the window and the rollback.',
            signature: approver.name,
            revisionNumber: 1,
            fingerprint,
          },
        })
      }
    }
  }
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
