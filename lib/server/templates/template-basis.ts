import 'server-only'
import type { TemplateBasis } from '@/lib/domain/template/basis'
import { editedLockedFields, LOCKED_MESSAGE } from '@/lib/domain/template/filing'
import { MATERIAL_FIELD_LABELS, type MaterialField } from '@/lib/domain/change-request/material'
import type { TemplateVersion } from '@/lib/domain/template/template'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'

// Reading a template version the way changes use it: the basis a change is
// approved on, and the content and limits a change filed from it must keep.

/** A version's content and limits as the domain's TemplateVersion (list-templates adds what its page shows). */
export const VERSION_CONTENT = {
  id: true,
  version: true,
  status: true,
  proposedById: true,
  purpose: true,
  currentState: true,
  futureState: true,
  implementationPlan: true,
  rollbackPlan: true,
  monitoringPlan: true,
  testEvidence: true,
  serviceIds: true,
  maxDurationMinutes: true,
  allowedWeekdays: true,
  allowedFromMinute: true,
  allowedUntilMinute: true,
  timeZone: true,
} as const

/** The version's content and limits, or null when there is no such version. */
export async function loadTemplateVersion(db: Tx, versionId: string): Promise<TemplateVersion | null> {
  return db.standardTemplateVersion.findUnique({ where: { id: versionId }, select: VERSION_CONTENT })
}

/** What the gate and the 'approve' transition need about the template a change was filed from. */
export async function loadTemplateBasis(db: Tx, versionId: string | null): Promise<TemplateBasis | null> {
  if (versionId === null) return null
  const row = await db.standardTemplateVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true,
      version: true,
      status: true,
      decidedAt: true,
      template: { select: { id: true, name: true, status: true, suspendedReason: true } },
      signOffs: { where: { decision: 'APPROVED' }, select: { signer: { select: { name: true } } }, orderBy: { signedAt: 'asc' } },
    },
  })
  if (!row) return null
  return {
    templateId: row.template.id,
    templateName: row.template.name,
    versionId: row.id,
    version: row.version,
    templateStatus: row.template.status,
    versionStatus: row.status,
    approvedBy: row.signOffs.map((s) => s.signer.name),
    approvedAt: row.status === 'APPROVED' || row.status === 'SUPERSEDED' ? row.decidedAt : null,
    suspendedReason: row.template.suspendedReason,
  }
}

/** Filing a new change: only from the version in force of an ACTIVE template. */
export async function assertFileable(db: Tx, versionId: string): Promise<TemplateVersion> {
  const template = await db.standardTemplate.findFirst({ where: { approvedVersionId: versionId }, select: { name: true, status: true } })
  const version = template ? await loadTemplateVersion(db, versionId) : null
  if (!template || !version) {
    throw new AppError('INVALID_INPUT', 'This standard template version is not the approved one; file from the templates page again.', {
      fieldErrors: { templateVersionId: ['Choose an active standard template.'] },
    })
  }
  if (template.status !== 'ACTIVE') {
    throw new AppError('REFUSED', `The standard template "${template.name}" is ${template.status.toLowerCase()}; changes cannot be filed from it now.`)
  }
  return version
}

/** A form save or API PATCH that touches a locked field is refused, field by field. */
export function assertLockedUnchanged(version: TemplateVersion, change: Parameters<typeof editedLockedFields>[1]): void {
  const edited = editedLockedFields(version, change)
  if (edited.length === 0) return
  const fieldErrors = Object.fromEntries(edited.map((f) => [f, [`${MATERIAL_FIELD_LABELS[f as MaterialField]}: ${LOCKED_MESSAGE}`]]))
  throw new AppError('INVALID_INPUT', 'This change was filed from a standard template: its locked fields cannot be edited.', { fieldErrors })
}

/** The version a change was filed from (it exists: the foreign key says so). */
export async function versionOfChange(db: Tx, versionId: string): Promise<TemplateVersion> {
  const version = await loadTemplateVersion(db, versionId)
  if (!version) throw new Error(`Template version ${versionId} vanished`)
  return version
}
