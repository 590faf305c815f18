import 'server-only'
import type { SnapshotRule } from '@/lib/domain/approval-policy/snapshot'
import { TEMPLATE_APPROVAL_RULES, resolveTemplateRules } from '@/lib/domain/template/approval'
import type { Tx } from '@/lib/server/db'

/**
 * Who signs a template version, resolved now: the template policy's rules
 * (one change manager and every owner of its services) over today's change
 * managers and owners, never the proposer.
 */
export async function templateRules(tx: Tx, version: { proposedById: string; serviceIds: readonly string[] }): Promise<SnapshotRule[]> {
  const managers = await tx.user.findMany({ where: { active: true, kind: 'HUMAN', roles: { has: 'CHANGE_MANAGER' } }, select: { id: true }, orderBy: { id: 'asc' } })
  const services = await tx.service.findMany({ where: { id: { in: [...version.serviceIds] } }, select: { ownerId: true } })
  return resolveTemplateRules(TEMPLATE_APPROVAL_RULES, {
    proposerId: version.proposedById,
    changeManagerIds: managers.map((m) => m.id),
    serviceOwnerIds: services.map((s) => s.ownerId),
  })
}

export const eligibleOf = (rules: readonly SnapshotRule[]) => [...new Set(rules.flatMap((r) => r.eligibleIds))]

/** Locks the template row until the transaction ends: proposals, sign-offs, suspension and review of one template happen one at a time. */
export async function lockTemplate(tx: Tx, templateId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "StandardTemplate" WHERE id = ${templateId}::uuid FOR UPDATE`
}
