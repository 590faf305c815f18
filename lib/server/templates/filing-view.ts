import 'server-only'
import { limitsInWords, lockedValuesOf } from '@/lib/domain/template/template'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'
import { getTemplateForFiling } from './list-templates'

export type FiledTemplate = { versionId?: string; label: string; limits: string }

/** The new-change form filed from a template: the locked values copied, and what the form says about the template. */
export async function loadTemplateFiling(actor: Actor, templateId: string): Promise<{ template: FiledTemplate; values: Record<string, string | string[]> }> {
  const { name, version } = await getTemplateForFiling(actor, templateId)
  const locked = lockedValuesOf(version)
  return {
    template: { versionId: version.id, label: `${name} v${version.version}`, limits: limitsInWords(version) },
    values: { ...locked, title: name },
  }
}

/** The template an existing change was filed from, for its edit form (null for other changes). */
export async function templateOfChange(versionId: string | null): Promise<FiledTemplate | null> {
  if (versionId === null) return null
  const version = await prisma.standardTemplateVersion.findUnique({
    where: { id: versionId },
    select: { version: true, maxDurationMinutes: true, allowedWeekdays: true, allowedFromMinute: true, allowedUntilMinute: true, timeZone: true, template: { select: { name: true } } },
  })
  return version ? { label: `${version.template.name} v${version.version}`, limits: limitsInWords(version) } : null
}
