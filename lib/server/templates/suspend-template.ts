import 'server-only'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { transition } from '@/lib/domain/change-request/state-machine'
import type { ChangeStatus } from '@/lib/domain/shared/types'
import { statusAfterOutcome } from '@/lib/domain/template/suspension'
import { recordAudit } from '@/lib/server/audit/record-audit'
import type { Tx } from '@/lib/server/db'
import { loadChange } from '@/lib/server/lifecycle/change'
import { applyTransition } from '@/lib/server/lifecycle/transition'
import { notify } from '@/lib/server/notifications/notify'
import { lockChange } from '@/lib/server/transaction'
import { lockTemplate } from './template-seats'

/** Change managers who must hear about a template (active people only; notify drops the inactive anyway). */
export async function changeManagerIds(tx: Tx): Promise<string[]> {
  const rows = await tx.user.findMany({ where: { active: true, kind: 'HUMAN', roles: { has: 'CHANGE_MANAGER' } }, select: { id: true } })
  return rows.map((r) => r.id)
}

/**
 * A change filed from a template FAILED or was ROLLED_BACK: in the same
 * transaction as the outcome, the template is SUSPENDED until a change manager
 * reviews it, its other SCHEDULED changes go back to APPROVED (the basis they
 * were scheduled on no longer holds, and the gate will not take them again
 * until the review), and the change managers are told.
 */
export async function suspendTemplateAfterOutcome(
  tx: Tx,
  change: { id: string; number: number; templateVersionId: string | null },
  outcome: ChangeStatus,
  actorId: string | null,
): Promise<void> {
  if (change.templateVersionId === null) return
  const version = await tx.standardTemplateVersion.findUniqueOrThrow({ where: { id: change.templateVersionId }, select: { templateId: true, version: true } })
  // The template row is locked, so two failures at once suspend it once.
  await lockTemplate(tx, version.templateId)
  const template = await tx.standardTemplate.findUniqueOrThrow({ where: { id: version.templateId }, select: { id: true, name: true, status: true } })
  if (statusAfterOutcome(template.status, outcome) === template.status) return

  const number = formatChangeNumber(change.number)
  const reason = `${number} ${outcome === 'FAILED' ? 'failed' : 'was rolled back'}.`
  const now = new Date()
  await tx.standardTemplate.update({ where: { id: template.id }, data: { status: 'SUSPENDED', suspendedReason: reason, suspendedAt: now } })

  const scheduled = await tx.changeRequest.findMany({
    where: { status: 'SCHEDULED', templateVersion: { templateId: template.id } },
    select: { id: true },
    orderBy: { id: 'asc' },
  })
  const unscheduled: string[] = []
  for (const { id } of scheduled) {
    await lockChange(tx, id)
    const other = await loadChange(tx, id)
    const why = `its standard template "${template.name}" was suspended after ${reason}`
    const result = transition(other, 'unschedule', 'system', now, { reason: why })
    if (!result.ok) continue
    await applyTransition(tx, id, result, null)
    const otherNumber = formatChangeNumber(other.number)
    unscheduled.push(otherNumber)
    await notify({ kind: 'unscheduled', userIds: [other.requesterId], changeId: id, message: `${otherNumber} is no longer scheduled: ${why}` }, { tx })
  }

  await recordAudit(tx, [
    {
      action: 'template.suspended',
      actorId,
      changeId: change.id,
      entityType: 'template',
      entityId: template.id,
      details: { templateId: template.id, name: template.name, version: version.version, reason, changeId: change.id, unscheduled },
    },
  ])
  await notify(
    {
      kind: 'template-suspended',
      userIds: await changeManagerIds(tx),
      changeId: change.id,
      message: `The standard template "${template.name}" is suspended: ${reason} Review it on the templates page before it is used again.`,
    },
    { tx },
  )
}
