import type { PrismaClient, StandardTemplateStatus, TemplateVersionStatus } from '../../lib/generated/prisma/client'
import { uniqueSuffix } from './db'

/** A client or a transaction (no 'server-only' imports: the seed and e2e use this too). */
export type TemplateFactoryDb = Pick<PrismaClient, 'standardTemplate' | 'standardTemplateVersion' | 'standardTemplateSignOff'>

export type CreateTemplateInput = {
  proposedById: string
  serviceIds: string[]
  /** Who signed the version in writing (approving, signature = their name); default none. */
  signers?: { id: string; name: string }[]
  name?: string
  status?: StandardTemplateStatus
  versionStatus?: TemplateVersionStatus
  text?: Partial<Record<'purpose' | 'currentState' | 'futureState' | 'implementationPlan' | 'rollbackPlan' | 'monitoringPlan' | 'testEvidence', string>>
  maxDurationMinutes?: number
  allowedWeekdays?: number[]
  allowedFromMinute?: number | null
  allowedUntilMinute?: number | null
  timeZone?: string
  approvedAt?: Date
}

export type CreatedTemplate = { id: string; name: string; versionId: string }

const TEXT = {
  purpose: 'Rotate the TLS certificate of the web tier before it expires.',
  currentState: 'The served certificate expires within 30 days.',
  futureState: 'A new certificate valid for 90 days is served by every node.',
  implementationPlan: '1. Upload the new certificate to the load balancer.\n2. Reload the listeners one by one.',
  rollbackPlan: 'Re-upload the previous certificate and reload the listeners.',
  monitoringPlan: 'Watch TLS handshake errors and the certificate expiry probe for 30 minutes.',
  testEvidence: 'Rotated on staging every 60 days for a year without incident.',
}

/**
 * A standard template with one version, ACTIVE with that version APPROVED and
 * in force by default (the written sign-offs from `signerIds`), or in any
 * other state for tests that forge one.
 */
export async function createTemplate(db: TemplateFactoryDb, input: CreateTemplateInput): Promise<CreatedTemplate> {
  const status = input.status ?? 'ACTIVE'
  const versionStatus = input.versionStatus ?? 'APPROVED'
  const approvedAt = input.approvedAt ?? new Date()
  const template = await db.standardTemplate.create({ data: { name: input.name ?? `Template ${uniqueSuffix()}`, status }, select: { id: true, name: true } })
  const version = await db.standardTemplateVersion.create({
    data: {
      templateId: template.id,
      version: 1,
      status: versionStatus,
      ...TEXT,
      ...input.text,
      serviceIds: input.serviceIds,
      maxDurationMinutes: input.maxDurationMinutes ?? 240,
      allowedWeekdays: input.allowedWeekdays ?? [],
      allowedFromMinute: input.allowedFromMinute ?? null,
      allowedUntilMinute: input.allowedUntilMinute ?? null,
      timeZone: input.timeZone ?? 'UTC',
      proposedById: input.proposedById,
      createdAt: new Date(approvedAt.getTime() - 86_400_000),
      decidedAt: versionStatus === 'APPROVED' || versionStatus === 'SUPERSEDED' ? approvedAt : null,
    },
    select: { id: true },
  })
  for (const signer of input.signers ?? []) {
    await db.standardTemplateSignOff.create({
      data: { versionId: version.id, signerId: signer.id, decision: 'APPROVED', statement: 'I checked the plans and the rollback on staging.', signature: signer.name, signedAt: approvedAt },
    })
  }
  if (versionStatus === 'APPROVED' || versionStatus === 'SUPERSEDED') {
    await db.standardTemplate.update({ where: { id: template.id }, data: { approvedVersionId: version.id } })
  }
  return { id: template.id, name: template.name, versionId: version.id }
}
