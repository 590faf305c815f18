import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Actor } from '@/lib/domain/shared/types'
import { evaluateTemplateApproval, type TemplateApproval } from '@/lib/domain/template/approval'
import { templateStats, type TemplateStats } from '@/lib/domain/template/suspension'
import type { TemplateVersion } from '@/lib/domain/template/template'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { eligibleOf, templateRules } from './template-seats'
import { VERSION_CONTENT } from './template-basis'

const VERSION = {
  ...VERSION_CONTENT,
  createdAt: true,
  decidedAt: true,
  proposedBy: { select: { name: true } },
  signOffs: { select: { signerId: true, decision: true, statement: true, signature: true, signedAt: true, signer: { select: { name: true } } }, orderBy: { signedAt: 'asc' } },
} as const

export type TemplateVersionView = TemplateVersion & {
  createdAt: Date
  decidedAt: Date | null
  proposedByName: string
  signOffs: { signerId: string; signerName: string; decision: 'APPROVED' | 'REJECTED'; statement: string; signature: string; signedAt: Date }[]
  approval: TemplateApproval
  /** The people who may still sign it, by name. */
  awaitingNames: string[]
  viewerMaySign: boolean
}

export type TemplateListEntry = {
  id: string
  name: string
  status: 'PROPOSED' | 'ACTIVE' | 'SUSPENDED' | 'RETIRED'
  suspendedReason: string | null
  suspendedAt: Date | null
  inForce: TemplateVersionView | null
  pending: TemplateVersionView | null
  stats: TemplateStats
}

type StatsRow = { templateId: string; uses: number; completed: number; failed: number; rolledBack: number }

/** Every template with its version in force, any version awaiting approval, and its use count and success rate. */
export async function listTemplates(actor: Actor): Promise<TemplateListEntry[]> {
  assertCan(actor, 'template:read')
  const templates = await prisma.standardTemplate.findMany({
    orderBy: { name: 'asc' },
    take: 200,
    select: { id: true, name: true, status: true, suspendedReason: true, suspendedAt: true, approvedVersion: { select: VERSION }, versions: { where: { status: 'PROPOSED' }, select: VERSION, take: 1 } },
  })
  const stats = await prisma.$queryRaw<StatsRow[]>`
    SELECT v."templateId",
           count(DISTINCT c.id) FILTER (WHERE c.status <> 'DRAFT')::int AS uses,
           count(a.id) FILTER (WHERE a.action = 'change.completed')::int AS completed,
           count(a.id) FILTER (WHERE a.action = 'change.failed')::int AS failed,
           count(a.id) FILTER (WHERE a.action = 'change.rolled-back')::int AS "rolledBack"
      FROM "ChangeRequest" c
      JOIN "StandardTemplateVersion" v ON v.id = c."templateVersionId"
      LEFT JOIN "AuditEvent" a ON a."changeId" = c.id AND a.action IN ('change.completed', 'change.failed', 'change.rolled-back')
     WHERE v."templateId" IN (${templates.length > 0 ? Prisma.join(templates.map((t) => Prisma.sql`${t.id}::uuid`)) : Prisma.sql`NULL`})
     GROUP BY v."templateId"`
  const views: TemplateListEntry[] = []
  // Sequential: a handful of templates, and each view resolves its approvers.
  for (const t of templates) {
    const row = stats.find((s) => s.templateId === t.id)
    views.push({
      id: t.id,
      name: t.name,
      status: t.status,
      suspendedReason: t.suspendedReason,
      suspendedAt: t.suspendedAt,
      inForce: t.approvedVersion ? await viewOf(actor, t.approvedVersion) : null,
      pending: t.versions[0] ? await viewOf(actor, t.versions[0]) : null,
      stats: templateStats(row?.uses ?? 0, { completed: row?.completed ?? 0, failed: row?.failed ?? 0, rolledBack: row?.rolledBack ?? 0 }),
    })
  }
  return views
}

type VersionRow = Prisma.StandardTemplateVersionGetPayload<{ select: typeof VERSION }>

async function viewOf(actor: Actor, row: VersionRow): Promise<TemplateVersionView> {
  const { proposedBy, signOffs, ...version } = row
  const rules = await templateRules(prisma, version)
  const approval = evaluateTemplateApproval(rules, signOffs)
  const names = await prisma.user.findMany({ where: { id: { in: approval.awaiting } }, select: { name: true }, orderBy: { name: 'asc' } })
  const decided = signOffs.map((s) => s.signerId)
  return {
    ...version,
    proposedByName: proposedBy.name,
    signOffs: signOffs.map(({ signer, ...s }) => ({ ...s, signerName: signer.name })),
    approval,
    awaitingNames: names.map((n) => n.name),
    viewerMaySign: version.status === 'PROPOSED' && actor.id !== version.proposedById && eligibleOf(rules).includes(actor.id) && !decided.includes(actor.id),
  }
}

/** A template's name, status and version in force (null when it has none). */
async function versionInForce(templateId: string) {
  const template = /^[0-9a-f-]{36}$/i.test(templateId)
    ? await prisma.standardTemplate.findUnique({ where: { id: templateId }, select: { name: true, status: true, approvedVersion: { select: VERSION } } })
    : null
  if (!template?.approvedVersion) return null
  const { proposedBy: _p, signOffs: _s, createdAt: _c, decidedAt: _d, ...version } = template.approvedVersion
  return { name: template.name, status: template.status, version }
}

/** The version in force, as the start of the next version's proposal. */
export async function getTemplateForProposal(actor: Actor, templateId: string): Promise<{ name: string; version: TemplateVersion } | null> {
  assertCan(actor, 'template:propose')
  return versionInForce(templateId)
}

/** The version in force of an ACTIVE template, for the "File from template" form. */
export async function getTemplateForFiling(actor: Actor, templateId: string): Promise<{ name: string; version: TemplateVersion }> {
  assertCan(actor, 'change:create')
  const template = await versionInForce(templateId)
  if (!template) throw new AppError('NOT_FOUND', 'This standard template does not exist or has no approved version.')
  if (template.status !== 'ACTIVE') throw new AppError('REFUSED', `The standard template "${template.name}" is ${template.status.toLowerCase()}; changes cannot be filed from it now.`)
  return template
}

/** ACTIVE templates for the new-change page's chooser. */
export async function listActiveTemplates(): Promise<{ id: string; name: string; version: number }[]> {
  const rows = await prisma.standardTemplate.findMany({ where: { status: 'ACTIVE' }, orderBy: { name: 'asc' }, take: 200, select: { id: true, name: true, approvedVersion: { select: { version: true } } } })
  return rows.flatMap((r) => (r.approvedVersion ? [{ id: r.id, name: r.name, version: r.approvedVersion.version }] : []))
}
