import 'server-only'
import { transition } from '@/lib/domain/change-request/state-machine'
import type { Tx } from '@/lib/server/db'
import { loadChange } from '@/lib/server/lifecycle/change'
import { applyTransition } from '@/lib/server/lifecycle/transition'
import { loadTemplateBasis } from './template-basis'

/**
 * The automatic approval of a change filed from a standard template: a
 * SUBMITTED change whose template basis holds becomes APPROVED at once, as
 * the system, with the basis written into the audit trail. Call inside the
 * transaction that submitted or revised it (it holds the change lock).
 * Returns the new status, or null when nothing moved.
 */
export async function settleTemplateApproval(tx: Tx, changeId: string, now: Date = new Date()): Promise<'APPROVED' | null> {
  const change = await loadChange(tx, changeId)
  if (change.status !== 'SUBMITTED' || change.fingerprint === null) return null
  const basis = await loadTemplateBasis(tx, change.templateVersionId)
  if (!basis) return null
  const result = transition(change, 'approve', 'system', now, { templateBasis: basis })
  if (!result.ok) return null
  await applyTransition(tx, change.id, result, null, [
    {
      action: 'change.pre-approved',
      details: {
        revision: change.revision,
        fingerprint: change.fingerprint,
        templateId: basis.templateId,
        templateName: basis.templateName,
        templateVersion: basis.version,
        templateVersionId: basis.versionId,
        approvedBy: [...basis.approvedBy],
        approvedAt: basis.approvedAt?.toISOString() ?? null,
      },
    },
  ])
  return 'APPROVED'
}
