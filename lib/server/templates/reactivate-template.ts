import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { reactivationProblem } from '@/lib/domain/template/suspension'
import { assertCan } from '@/lib/server/assert-can'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { AppError } from '@/lib/server/errors'
import { runTransaction } from '@/lib/server/transaction'
import type { TReactivateTemplateInput } from './schemas'
import { lockTemplate } from './template-seats'

/** A change manager reviewed a suspended template and puts it back in use, with a written reason (audited). */
export async function reactivateTemplate(actor: Actor, input: TReactivateTemplateInput): Promise<void> {
  assertCan(actor, 'template:reactivate')
  await runTransaction(async (tx) => {
    await lockTemplate(tx, input.templateId)
    const template = await tx.standardTemplate.findUnique({
      where: { id: input.templateId },
      select: { id: true, name: true, status: true, approvedVersion: { select: { version: true } } },
    })
    if (!template) throw new AppError('NOT_FOUND', 'This template does not exist.')
    const problem = reactivationProblem({ status: template.status, hasApprovedVersion: template.approvedVersion !== null }, input.reason)
    if (problem) throw new AppError('INVALID_INPUT', problem, { fieldErrors: { reason: [problem] } })
    await tx.standardTemplate.update({ where: { id: template.id }, data: { status: 'ACTIVE', suspendedReason: null, suspendedAt: null } })
    await recordAudit(tx, [
      {
        action: 'template.reactivated',
        actorId: actor.id,
        entityType: 'template',
        entityId: template.id,
        details: { templateId: template.id, name: template.name, version: template.approvedVersion?.version ?? 1, reason: input.reason.trim() },
      },
    ])
  })
}
