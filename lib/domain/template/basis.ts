// The pre-approval a change filed from a template carries instead of its own
// sign-offs: the template's approved version, while the template is ACTIVE.
// The gate and the 'approve' transition accept it; the database backstop
// checks the same two conditions (docs/decisions/0013).
import type { Reason } from '../shared/types'
import { formatInZone } from '../time/zoned'
import type { TemplateStatus, TemplateVersionStatus } from './template'

export type TemplateBasis = {
  templateId: string
  templateName: string
  versionId: string
  version: number
  templateStatus: TemplateStatus
  versionStatus: TemplateVersionStatus
  /** Who approved the version in writing, and when the approval completed. */
  approvedBy: readonly string[]
  approvedAt: Date | null
  suspendedReason: string | null
}

/** A version that was approved (even if a later one has since superseded it) of a template that is ACTIVE now. */
export function basisReasons(basis: TemplateBasis): Reason[] {
  const reasons: Reason[] = []
  if (basis.versionStatus !== 'APPROVED' && basis.versionStatus !== 'SUPERSEDED') {
    reasons.push({ code: 'template-version-unapproved', message: `Version ${basis.version} of the standard template "${basis.templateName}" is not approved.` })
  }
  if (basis.templateStatus !== 'ACTIVE') {
    const why = basis.templateStatus === 'SUSPENDED' && basis.suspendedReason ? `: ${basis.suspendedReason}` : ''
    reasons.push({
      code: 'template-inactive',
      message: `The standard template "${basis.templateName}" is ${basis.templateStatus.toLowerCase()}${why}. A change manager must review it before its changes can be scheduled.`,
    })
  }
  return reasons
}

export function basisHolds(basis: TemplateBasis): boolean {
  return basisReasons(basis).length === 0
}

/** "Pre-approved by standard template Rotate a TLS certificate v2, approved by Ada, Bo on 2026-12-01 10:00 (UTC, GMT+0)". */
export function basisInWords(basis: TemplateBasis, timeZone = 'UTC'): string {
  const by = basis.approvedBy.length > 0 ? `, approved by ${basis.approvedBy.join(', ')}` : ''
  const on = basis.approvedAt ? ` on ${formatInZone(basis.approvedAt, timeZone)}` : ''
  return `Pre-approved by standard template ${basis.templateName} v${basis.version}${by}${on}`
}
