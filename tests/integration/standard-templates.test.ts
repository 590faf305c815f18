// Standard change templates against real PostgreSQL: a change filed from an
// ACTIVE template is approved at once and scheduled by its requester with no
// sign-off; its locked fields cannot be edited through the use cases; a failed
// outcome suspends the template in the same transaction; and the database
// backstop refuses any template basis that does not hold.
import { describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { createDraftChange } from '@/lib/server/change-requests/create-change'
import { updateChange } from '@/lib/server/change-requests/update-change'
import { lockedValuesOf } from '@/lib/domain/template/template'
import { recordOutcome, startChange } from '@/lib/server/lifecycle/transition'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import { ZScheduleChangeInput } from '@/lib/server/scheduling/schemas'
import { reactivateTemplate } from '@/lib/server/templates/reactivate-template'
import { versionOfChange } from '@/lib/server/templates/template-basis'
import { utcToLocalInput } from '@/lib/domain/time/zoned'
import { createTemplate, type CreateTemplateInput } from '@/tests/factories/templates'
import { actorWith, auditOf, formFields, rowOf } from './change-requests-support'
import { createService } from '@/tests/factories'

const HOUR = 3_600_000

async function world(templateOverrides: Partial<CreateTemplateInput> = {}) {
  const requester = await actorWith(['REQUESTER'])
  const manager = await actorWith(['CHANGE_MANAGER', 'APPROVER'])
  const owner = await actorWith(['APPROVER'])
  const web = await createService({ ownerId: owner.id })
  const template = await createTemplate(prisma, {
    proposedById: manager.id,
    serviceIds: [web.id],
    signers: [{ id: owner.id, name: owner.name }],
    ...templateOverrides,
  })
  return { requester, manager, owner, web, template }
}

/** The new-change form as "File from template" fills it: the locked values copied, a window chosen. */
async function templateFields(versionId: string, overrides: Record<string, unknown> = {}, start = new Date(Date.now() + 3 * 24 * HOUR)) {
  const version = await versionOfChange(prisma, versionId)
  return formFields({
    ...lockedValuesOf(version),
    title: 'Rotate the web certificate',
    templateVersionId: versionId,
    windowStart: utcToLocalInput(start, 'UTC'),
    windowEnd: utcToLocalInput(new Date(start.getTime() + HOUR), 'UTC'),
    ...overrides,
  })
}

async function failure(attempt: Promise<unknown>): Promise<AppError> {
  const error = await attempt.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  )
  if (!(error instanceof AppError)) throw error
  return error
}

const schedule = (actor: Actor, changeId: string) => scheduleChange(actor, ZScheduleChangeInput.parse({ changeId }))

describe('a change filed from an ACTIVE standard template', () => {
  it('is approved at once on the template basis, with no approvers, and audited', async () => {
    const w = await world()
    const submitted = await submitChange(w.requester, { fields: await templateFields(w.template.versionId) })
    expect(submitted.approverIds).toEqual([])
    const row = await rowOf(submitted.id)
    expect(row).toMatchObject({ status: 'APPROVED', type: 'STANDARD', riskLevel: 'LOW', templateVersionId: w.template.versionId })
    expect(await prisma.changeApprover.count({ where: { changeId: submitted.id } })).toBe(0)
    const audit = await auditOf(submitted.id)
    expect(audit.map((a) => a.action)).toEqual(['change.created', 'change.submitted', 'change.pre-approved', 'change.approved'])
    expect(audit[2]).toMatchObject({ actorId: null, details: expect.objectContaining({ templateName: w.template.name, templateVersion: 1, approvedBy: [w.owner.name] }) })
  })

  it('is scheduled by its own requester with no human sign-off, and the database accepts it', async () => {
    const w = await world()
    const { id } = await submitChange(w.requester, { fields: await templateFields(w.template.versionId) })
    await expect(schedule(w.requester, id)).resolves.toMatchObject({ number: expect.stringMatching(/^CHG-/) })
    expect((await rowOf(id)).status).toBe('SCHEDULED')
    expect(await prisma.signOff.count({ where: { changeId: id } })).toBe(0)
    expect(await prisma.changeApprovalRule.count({ where: { changeId: id } })).toBe(0)
  })

  it('still goes through the gate: a conflicting scheduled change on the same service must be acknowledged', async () => {
    const w = await world()
    const start = new Date(Date.now() + 4 * 24 * HOUR)
    const first = await submitChange(w.requester, { fields: await templateFields(w.template.versionId, {}, start) })
    await schedule(w.requester, first.id)
    const second = await submitChange(w.requester, { fields: await templateFields(w.template.versionId, {}, start) })
    const refused = await failure(schedule(w.requester, second.id))
    expect(refused.details.reasons?.map((r) => r.code)).toEqual(['change-conflict'])
  })

  it('refuses a window outside the template limits, field by field', async () => {
    const w = await world({ maxDurationMinutes: 30 })
    const refused = await failure(submitChange(w.requester, { fields: await templateFields(w.template.versionId) }))
    expect(refused.code).toBe('INVALID_INPUT')
    expect(refused.details.fieldErrors?.windowEnd?.[0]).toMatch(/lasts 60 minutes/)
  })

  it('refuses filing from a suspended template or from a version not in force', async () => {
    const w = await world({ status: 'SUSPENDED' })
    expect((await failure(submitChange(w.requester, { fields: await templateFields(w.template.versionId) }))).code).toBe('REFUSED')
    const p = await world({ status: 'PROPOSED', versionStatus: 'PROPOSED' })
    expect((await failure(createDraftChange(p.requester, await templateFields(p.template.versionId)))).details.fieldErrors?.templateVersionId).toBeDefined()
  })
})

describe('locked fields', () => {
  it('a forged form that changes a locked field is refused when filing', async () => {
    const w = await world()
    const refused = await failure(submitChange(w.requester, { fields: await templateFields(w.template.versionId, { rollbackPlan: 'We will improvise.', type: 'NORMAL' }) }))
    expect(refused.code).toBe('INVALID_INPUT')
    expect(Object.keys(refused.details.fieldErrors ?? {}).sort()).toEqual(['rollbackPlan', 'type'])
  })

  it('the edit use case (the form and the API PATCH) refuses any edit of a locked field, and allows the window and title', async () => {
    const w = await world()
    const fields = await templateFields(w.template.versionId)
    const { id } = await submitChange(w.requester, { fields })
    const version = (await rowOf(id)).version
    const edited = await failure(updateChange(w.requester, { changeId: id, version }, { ...fields, implementationPlan: 'Something else entirely.', serviceIds: [] }))
    expect(Object.keys(edited.details.fieldErrors ?? {}).sort()).toEqual(['implementationPlan', 'serviceIds'])
    // A manager cannot either.
    expect((await failure(updateChange(w.manager, { changeId: id, version }, { ...fields, type: 'NORMAL' }))).details.fieldErrors?.type).toBeDefined()
    // A new window is a new revision, approved again on the template basis.
    const later = new Date(Date.now() + 6 * 24 * HOUR)
    const moved = await updateChange(w.requester, { changeId: id, version }, { ...fields, windowStart: later, windowEnd: new Date(later.getTime() + HOUR) })
    expect(moved).toMatchObject({ kind: 'revised', status: 'APPROVED', revision: 2 })
    expect(await prisma.changeApprover.count({ where: { changeId: id } })).toBe(0)
  })
})

describe('suspension', () => {
  it('a failed outcome suspends the template in the same transaction, unschedules its other changes and tells the change managers', async () => {
    const w = await world()
    const soon = new Date(Date.now() + 5 * 60_000)
    const failing = await submitChange(w.requester, { fields: await templateFields(w.template.versionId, {}, soon) })
    await schedule(w.requester, failing.id)
    const other = await submitChange(w.requester, { fields: await templateFields(w.template.versionId, {}, new Date(Date.now() + 5 * 24 * HOUR)) })
    await schedule(w.requester, other.id)
    await startChange(w.requester, { changeId: failing.id })
    await recordOutcome(w.requester, { changeId: failing.id, outcome: 'fail', notes: 'The new certificate chain was incomplete.' })

    const template = await prisma.standardTemplate.findUniqueOrThrow({ where: { id: w.template.id } })
    expect(template).toMatchObject({ status: 'SUSPENDED', suspendedReason: expect.stringMatching(/failed\.$/) })
    expect((await rowOf(other.id)).status).toBe('APPROVED')
    const notice = await prisma.notification.findFirst({ where: { userId: w.manager.id, changeId: failing.id, message: { contains: 'is suspended' } } })
    expect(notice).not.toBeNull()
    // The gate no longer takes its changes, and new ones cannot be filed.
    const refused = await failure(schedule(w.requester, other.id))
    expect(refused.details.reasons?.map((r) => r.code)).toContain('template-inactive')
    expect((await failure(submitChange(w.requester, { fields: await templateFields(w.template.versionId) }))).code).toBe('REFUSED')

    // A change manager reviews it, in writing; it is audited and usable again.
    expect((await failure(reactivateTemplate(w.manager, { templateId: w.template.id, reason: 'ok' }))).code).toBe('INVALID_INPUT')
    await reactivateTemplate(w.manager, { templateId: w.template.id, reason: 'Reviewed CHG failure: the chain file is now checked by the runbook.' })
    expect((await prisma.standardTemplate.findUniqueOrThrow({ where: { id: w.template.id } })).status).toBe('ACTIVE')
    expect(await prisma.auditEvent.count({ where: { entityType: 'template', entityId: w.template.id, action: { in: ['template.suspended', 'template.reactivated'] } } })).toBe(2)
    await expect(schedule(w.requester, other.id)).resolves.toBeDefined()
  })

  it('a requester cannot reactivate a template', async () => {
    const w = await world({ status: 'SUSPENDED' })
    expect((await failure(reactivateTemplate(w.requester, { templateId: w.template.id, reason: 'I think it is fine now, really.' }))).code).toBe('FORBIDDEN')
  })
})

describe('the database backstop', () => {
  /** An APPROVED change linked to the template version with no approvers and no sign-offs, as a forger would write it. */
  async function forged(templateOverrides: Parameters<typeof world>[0]) {
    const w = await world(templateOverrides)
    const { id } = await submitChange(w.requester, { fields: await templateFields(w.template.versionId) })
    return { ...w, changeId: id }
  }

  it('accepts a template change with no sign-off when its version is approved and the template ACTIVE', async () => {
    const w = await forged({})
    await prisma.$executeRaw`UPDATE "ChangeRequest" SET status = 'SCHEDULED' WHERE id = ${w.changeId}::uuid`
    expect((await rowOf(w.changeId)).status).toBe('SCHEDULED')
  })

  it('refuses at commit when the template is suspended, whatever writes the row', async () => {
    const w = await forged({})
    await prisma.standardTemplate.update({ where: { id: w.template.id }, data: { status: 'SUSPENDED' } })
    await expect(prisma.$executeRaw`UPDATE "ChangeRequest" SET status = 'SCHEDULED' WHERE id = ${w.changeId}::uuid`).rejects.toThrow(
      /cannot be SCHEDULED without an approved written sign-off/,
    )
    expect((await rowOf(w.changeId)).status).toBe('APPROVED')
  })

  it('refuses a change pointed at an unapproved version (a forged templateVersionId)', async () => {
    const w = await forged({})
    const proposed = await createTemplate(prisma, { proposedById: w.manager.id, serviceIds: [w.web.id], status: 'ACTIVE', versionStatus: 'PROPOSED' })
    await expect(
      prisma.$executeRaw`UPDATE "ChangeRequest" SET status = 'SCHEDULED', "templateVersionId" = ${proposed.versionId}::uuid WHERE id = ${w.changeId}::uuid`,
    ).rejects.toThrow(/without an approved written sign-off/)
    // Re-pointing an already scheduled change is caught too.
    await prisma.$executeRaw`UPDATE "ChangeRequest" SET status = 'SCHEDULED' WHERE id = ${w.changeId}::uuid`
    await expect(prisma.$executeRaw`UPDATE "ChangeRequest" SET "templateVersionId" = ${proposed.versionId}::uuid WHERE id = ${w.changeId}::uuid`).rejects.toThrow(
      /without an approved written sign-off/,
    )
  })

  it('refuses a change with no approval rules and no template, as before', async () => {
    const w = await forged({})
    await expect(
      prisma.$executeRaw`UPDATE "ChangeRequest" SET status = 'SCHEDULED', "templateVersionId" = NULL WHERE id = ${w.changeId}::uuid`,
    ).rejects.toThrow(/without an approved written sign-off/)
  })
})
