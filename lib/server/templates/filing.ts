import 'server-only'
import type { RequiredApproversResult } from '@/lib/domain/sign-off/required-approvers'
import type { TemplateBasis } from '@/lib/domain/template/basis'
import { validateTemplateChange } from '@/lib/domain/template/filing'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import type { WritableSubject } from '@/lib/server/lifecycle/change'
import type { ResolvedSnapshot } from '@/lib/server/lifecycle/approvers'
import { loadTemplateBasis, versionOfChange } from './template-basis'

/** A change from a template asks nobody: its template's approvers already approved the work. */
export const NO_APPROVERS: RequiredApproversResult = { approvers: [], excludedRequester: false, needsReplacementApprover: false, vacantSeats: [] }

/** …and keeps no approval rules: the backstop accepts a change without rules only on a template's basis. */
export const NO_SNAPSHOT: ResolvedSnapshot = { rules: [], approvers: [], reasons: [], policyVersionId: null, policyName: null }

/**
 * Submitting or revising a change filed from a template: its locked fields
 * must still be the template's and its window within the template's limits
 * (field errors otherwise). Returns the transition context that lets the
 * template's approval stand in for sign-offs, or null for any other change.
 */
export async function templateContextFor(tx: Tx, change: WritableSubject): Promise<{ templateBasis: TemplateBasis } | null> {
  if (change.templateVersionId === null) return null
  const version = await versionOfChange(tx, change.templateVersionId)
  const filing = validateTemplateChange(version, change)
  if (!filing.ok) {
    throw new AppError('INVALID_INPUT', 'This change does not fit its standard template.', { fieldErrors: filing.fieldErrors })
  }
  const basis = await loadTemplateBasis(tx, change.templateVersionId)
  return basis ? { templateBasis: basis } : null
}
