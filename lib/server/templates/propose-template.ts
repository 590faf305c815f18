import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import type { TTemplateProposal } from '@/lib/domain/template/template'
import { Prisma } from '@/lib/generated/prisma/client'
import { assertCan } from '@/lib/server/assert-can'
import { recordAudit } from '@/lib/server/audit/record-audit'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { notify } from '@/lib/server/notifications/notify'
import { runTransaction } from '@/lib/server/transaction'
import { eligibleOf, lockTemplate, templateRules } from './template-seats'

export type ProposedTemplate = { templateId: string; versionId: string; version: number }

/**
 * A change manager proposes a new standard template, or the next version of
 * one. The version needs its own approval; until then a template's earlier
 * approved version stays in force (docs/decisions/0013). The approvers are
 * asked in the same transaction.
 */
export async function proposeTemplate(actor: Actor, input: TTemplateProposal): Promise<ProposedTemplate> {
  assertCan(actor, 'template:propose')
  return runTransaction(async (tx) => {
    await assertServices(tx, input.serviceIds)
    const { templateId, version } = input.templateId ? await nextVersionOf(tx, input.templateId, input.name) : await createTemplate(tx, input.name)
    const { templateId: _id, name: _name, ...content } = input
    const row = await tx.standardTemplateVersion.create({
      data: { ...content, templateId, version, proposedById: actor.id },
      select: { id: true },
    })
    await recordAudit(tx, [
      { action: 'template.proposed', actorId: actor.id, entityType: 'template', entityId: templateId, details: { templateId, name: input.name, version } },
    ])
    const rules = await templateRules(tx, { proposedById: actor.id, serviceIds: input.serviceIds })
    await notify(
      {
        kind: 'template-sign-off-requested',
        userIds: eligibleOf(rules),
        changeId: null,
        message: `${actor.name} proposed version ${version} of the standard template "${input.name}" for your written sign-off (Templates page).`,
      },
      { tx, except: actor.id },
    )
    return { templateId, versionId: row.id, version }
  })
}

async function assertServices(tx: Tx, serviceIds: readonly string[]): Promise<void> {
  const found = await tx.service.count({ where: { id: { in: [...serviceIds] }, active: true } })
  if (found !== serviceIds.length) throw new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors: { serviceIds: ['Choose active services from the list.'] } })
}

async function createTemplate(tx: Tx, name: string): Promise<{ templateId: string; version: number }> {
  if ((await tx.standardTemplate.count({ where: { name } })) > 0) throw nameTaken()
  try {
    const created = await tx.standardTemplate.create({ data: { name, currentVersion: 1 }, select: { id: true } })
    return { templateId: created.id, version: 1 }
  } catch (error) {
    // Someone took the name a moment ago.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw nameTaken()
    throw error
  }
}

async function nextVersionOf(tx: Tx, templateId: string, name: string): Promise<{ templateId: string; version: number }> {
  await lockTemplate(tx, templateId)
  const template = await tx.standardTemplate.findUnique({ where: { id: templateId }, select: { status: true, currentVersion: true, name: true } })
  if (!template) throw new AppError('NOT_FOUND', 'This template does not exist.')
  if (template.status === 'RETIRED') throw new AppError('REFUSED', 'This template is retired; propose a new one instead.')
  const pending = await tx.standardTemplateVersion.count({ where: { templateId, status: 'PROPOSED' } })
  if (pending > 0) throw new AppError('REFUSED', 'A version of this template is already awaiting approval; wait for its decision first.')
  if (name !== template.name && (await tx.standardTemplate.count({ where: { name } })) > 0) throw nameTaken()
  const version = template.currentVersion + 1
  await tx.standardTemplate.update({ where: { id: templateId }, data: { currentVersion: version, name } })
  return { templateId, version }
}

const nameTaken = () => new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors: { name: ['A template with this name already exists.'] } })
