// A standard template's own approval against real PostgreSQL: proposed by a
// change manager, signed in writing by another change manager and every owner
// of its services (never by the proposer), vetoed by any eligible rejection;
// a new version needs approval again while the approved one stays in force.
import { describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/domain/shared/types'
import { TEMPLATE_TEXT_FIELDS, ZTemplateProposal } from '@/lib/domain/template/template'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { proposeTemplate } from '@/lib/server/templates/propose-template'
import { signTemplateVersion } from '@/lib/server/templates/sign-template'
import { listTemplates } from '@/lib/server/templates/list-templates'
import { createService, uniqueSuffix } from '@/tests/factories'
import { actorWith } from './change-requests-support'

const STATEMENT = 'I checked the rollback and ran the procedure on staging twice.'

async function world() {
  const proposer = await actorWith(['CHANGE_MANAGER', 'APPROVER'])
  const otherManager = await actorWith(['CHANGE_MANAGER', 'APPROVER'])
  const owner = await actorWith(['APPROVER'])
  const stranger = await actorWith(['APPROVER'])
  const service = await createService({ ownerId: owner.id })
  return { proposer, otherManager, owner, stranger, service }
}

const proposal = (serviceId: string, overrides: Record<string, unknown> = {}) =>
  ZTemplateProposal.parse({
    name: `Rotate a certificate ${uniqueSuffix()}`,
    ...Object.fromEntries(TEMPLATE_TEXT_FIELDS.map((f) => [f, `The ${f} of the routine, written out for the approvers.`])),
    serviceIds: [serviceId],
    maxDurationMinutes: '60',
    allowedWeekdays: ['2', '3'],
    allowedFrom: '22:00',
    allowedUntil: '24:00',
    timeZone: 'Europe/London',
    ...overrides,
  })

const sign = (actor: Actor, versionId: string, decision: 'APPROVED' | 'REJECTED' = 'APPROVED') =>
  signTemplateVersion(actor, { versionId, decision, statement: STATEMENT, signature: actor.name })

async function refusal(attempt: Promise<unknown>): Promise<AppError> {
  const error = await attempt.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  )
  if (!(error instanceof AppError)) throw error
  return error
}

describe("a standard template's approval", () => {
  it('is ACTIVE once another change manager and the service owner signed in writing; the proposer and strangers cannot sign', async () => {
    const w = await world()
    const proposed = await proposeTemplate(w.proposer, proposal(w.service.id))
    expect((await prisma.standardTemplate.findUniqueOrThrow({ where: { id: proposed.templateId } })).status).toBe('PROPOSED')
    // The approvers are asked.
    expect(await prisma.notification.count({ where: { userId: { in: [w.owner.id, w.otherManager.id] }, message: { contains: 'for your written sign-off' } } })).toBe(2)

    expect((await refusal(sign(w.proposer, proposed.versionId))).details.fieldErrors?.form).toEqual(['You proposed this template version, so you cannot sign it.'])
    expect((await refusal(sign(w.stranger, proposed.versionId))).details.fieldErrors?.form).toEqual(["You are not among this template's approvers."])
    await expect(sign(w.owner, proposed.versionId)).resolves.toEqual({ versionStatus: 'PROPOSED' })
    await expect(sign(w.otherManager, proposed.versionId)).resolves.toEqual({ versionStatus: 'APPROVED' })

    const template = await prisma.standardTemplate.findUniqueOrThrow({ where: { id: proposed.templateId } })
    expect(template).toMatchObject({ status: 'ACTIVE', approvedVersionId: proposed.versionId })
    expect(await prisma.auditEvent.findMany({ where: { entityType: 'template', entityId: proposed.templateId }, orderBy: { id: 'asc' }, select: { action: true } })).toEqual(
      ['template.proposed', 'template.signed', 'template.signed', 'template.approved'].map((action) => ({ action })),
    )
  })

  it('an eligible rejection vetoes the version', async () => {
    const w = await world()
    const proposed = await proposeTemplate(w.proposer, proposal(w.service.id))
    await sign(w.otherManager, proposed.versionId)
    await expect(sign(w.owner, proposed.versionId, 'REJECTED')).resolves.toEqual({ versionStatus: 'REJECTED' })
    expect((await prisma.standardTemplate.findUniqueOrThrow({ where: { id: proposed.templateId } })).status).toBe('PROPOSED')
  })

  it('a new version needs approval again; the approved one stays in force until then, then is superseded', async () => {
    const w = await world()
    const first = await proposeTemplate(w.proposer, proposal(w.service.id))
    await sign(w.owner, first.versionId)
    await sign(w.otherManager, first.versionId)
    const input = proposal(w.service.id, { templateId: first.templateId, name: (await prisma.standardTemplate.findUniqueOrThrow({ where: { id: first.templateId } })).name, maxDurationMinutes: '90' })
    const second = await proposeTemplate(w.proposer, input)
    expect(second.version).toBe(2)
    // Only one version awaits approval at a time.
    expect((await refusal(proposeTemplate(w.proposer, input))).code).toBe('REFUSED')
    const listed = (await listTemplates(w.stranger)).find((t) => t.id === first.templateId)
    expect(listed).toMatchObject({ status: 'ACTIVE', inForce: { version: 1 }, pending: { version: 2, viewerMaySign: false } })

    await sign(w.owner, second.versionId)
    await sign(w.otherManager, second.versionId)
    const versions = await prisma.standardTemplateVersion.findMany({ where: { templateId: first.templateId }, orderBy: { version: 'asc' }, select: { status: true } })
    expect(versions.map((v) => v.status)).toEqual(['SUPERSEDED', 'APPROVED'])
    expect((await prisma.standardTemplate.findUniqueOrThrow({ where: { id: first.templateId } })).approvedVersionId).toBe(second.versionId)
  })

  it('refuses a taken name and keeps a version immutable in the database', async () => {
    const w = await world()
    const first = await proposeTemplate(w.proposer, proposal(w.service.id))
    const name = (await prisma.standardTemplate.findUniqueOrThrow({ where: { id: first.templateId } })).name
    expect((await refusal(proposeTemplate(w.proposer, proposal(w.service.id, { name })))).details.fieldErrors?.name).toBeDefined()
    await expect(prisma.standardTemplateVersion.update({ where: { id: first.versionId }, data: { rollbackPlan: 'Something else.' } })).rejects.toThrow(/immutable/)
  })
})
