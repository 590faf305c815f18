import 'server-only'
import { evaluateTemplateApproval, validateTemplateSignOff } from '@/lib/domain/template/approval'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { recordAudit } from '@/lib/server/audit/record-audit'
import type { Tx } from '@/lib/server/db'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { runTransaction } from '@/lib/server/transaction'
import type { TSignTemplateInput } from './schemas'
import { eligibleOf, lockTemplate, templateRules } from './template-seats'

export type TemplateSignOutcome = { versionStatus: 'PROPOSED' | 'APPROVED' | 'REJECTED' }

/**
 * A written decision on a proposed template version. When every rule of the
 * template policy holds the version is APPROVED and comes into force (the
 * previous one is SUPERSEDED); an eligible rejection is a veto (REJECTED).
 */
export async function signTemplateVersion(actor: Actor, input: TSignTemplateInput): Promise<TemplateSignOutcome> {
  assertCan(actor, 'template:sign-off')
  const located = await prisma.standardTemplateVersion.findUnique({ where: { id: input.versionId }, select: { templateId: true } })
  if (!located) throw new AppError('NOT_FOUND', 'This template version does not exist.')
  return runTransaction(async (tx) => {
    await lockTemplate(tx, located.templateId)
    const version = await tx.standardTemplateVersion.findUniqueOrThrow({
      where: { id: input.versionId },
      select: { id: true, version: true, status: true, proposedById: true, serviceIds: true, signOffs: { select: { signerId: true, decision: true } }, template: { select: { id: true, name: true, status: true, approvedVersionId: true } } },
    })
    const rules = await templateRules(tx, version)
    const verdict = validateTemplateSignOff(input, actor, {
      proposedById: version.proposedById,
      status: version.status,
      eligibleIds: eligibleOf(rules),
      decidedBy: version.signOffs.map((s) => s.signerId),
    })
    if (!verdict.ok) throw new AppError('INVALID_INPUT', 'The sign-off was not recorded.', { fieldErrors: verdict.fieldErrors })

    await tx.standardTemplateSignOff.create({
      data: { versionId: version.id, signerId: actor.id, decision: input.decision, statement: input.statement.trim(), signature: input.signature.trim() },
    })
    const ref = { templateId: version.template.id, name: version.template.name, version: version.version }
    await recordAudit(tx, [
      {
        action: 'template.signed',
        actorId: actor.id,
        entityType: 'template',
        entityId: ref.templateId,
        details: { ...ref, decision: input.decision, statement: input.statement.trim(), signature: input.signature.trim() },
      },
    ])
    const approval = evaluateTemplateApproval(rules, [...version.signOffs, { signerId: actor.id, decision: input.decision }])
    if (approval.vetoed) return decide(tx, version.id, 'REJECTED', ref)
    if (!approval.holds) return { versionStatus: 'PROPOSED' as const }
    const previous = version.template.approvedVersionId
    if (previous) await tx.standardTemplateVersion.update({ where: { id: previous }, data: { status: 'SUPERSEDED' } })
    // A suspended template stays suspended: only a change manager's review reactivates it.
    await tx.standardTemplate.update({
      where: { id: ref.templateId },
      data: { approvedVersionId: version.id, status: version.template.status === 'SUSPENDED' ? 'SUSPENDED' : 'ACTIVE' },
    })
    return decide(tx, version.id, 'APPROVED', ref)
  })
}

async function decide(tx: Tx, versionId: string, status: 'APPROVED' | 'REJECTED', ref: { templateId: string; name: string; version: number }) {
  await tx.standardTemplateVersion.update({ where: { id: versionId }, data: { status, decidedAt: new Date() } })
  await recordAudit(tx, [
    { action: status === 'APPROVED' ? 'template.approved' : 'template.rejected', actorId: null, entityType: 'template', entityId: ref.templateId, details: ref },
  ])
  return { versionStatus: status }
}
