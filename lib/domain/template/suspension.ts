// A standard change stops being standard when it goes wrong: a FAILED or
// ROLLED_BACK change from a template suspends it until a change manager has
// reviewed what happened and reactivated it in writing.
import type { ChangeStatus } from '../shared/types'
import type { TemplateStatus } from './template'

export const SUSPENDING_OUTCOMES: readonly ChangeStatus[] = ['FAILED', 'ROLLED_BACK']

/** The template's status after one of its changes reached `outcome`. */
export function statusAfterOutcome(current: TemplateStatus, outcome: ChangeStatus): TemplateStatus {
  return SUSPENDING_OUTCOMES.includes(outcome) && current === 'ACTIVE' ? 'SUSPENDED' : current
}

/** Whether a change manager may reactivate it now: only a suspended template with a version in force. */
export function reactivationProblem(template: { status: TemplateStatus; hasApprovedVersion: boolean }, reason: string): string | null {
  if (template.status !== 'SUSPENDED') return 'Only a suspended template can be reactivated.'
  if (!template.hasApprovedVersion) return 'The template has no approved version to reactivate.'
  if (reason.trim().length < 20) return 'Write what you reviewed and why the template is safe again (at least 20 characters).'
  return null
}

export type OutcomeCounts = { completed: number; failed: number; rolledBack: number }
export type TemplateStats = { uses: number; completed: number; finished: number; successRate: number | null }

/** Uses = changes filed from the template and submitted; success rate = completed / finished (null before any finished). */
export function templateStats(uses: number, outcomes: OutcomeCounts): TemplateStats {
  const finished = outcomes.completed + outcomes.failed + outcomes.rolledBack
  return { uses, completed: outcomes.completed, finished, successRate: finished === 0 ? null : outcomes.completed / finished }
}

/** "2 of 3 (67 %)" or "no outcome yet". */
export function successInWords(stats: TemplateStats): string {
  return stats.successRate === null ? 'no outcome yet' : `${stats.completed} of ${stats.finished} (${Math.round(stats.successRate * 100)} %)`
}
