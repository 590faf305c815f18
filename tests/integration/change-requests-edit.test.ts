import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { createDraftChange } from '@/lib/server/change-requests/create-change'
import { updateChange } from '@/lib/server/change-requests/update-change'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { ZChangeFields } from '@/lib/server/change-requests/schemas'
import { createApprovedChange } from '../factories/sign-offs'
import { actorWith, auditOf, cast, factoryChange, formFields, rowOf } from './change-requests-support'

describe('createDraftChange', () => {
  it('saves a draft with only a title, with its number, services, approvers and a created audit event', async () => {
    const { requester, payments, avery } = await cast()
    const fields = ZChangeFields.parse({ title: 'Just an idea', serviceIds: payments.id })
    const created = await createDraftChange(requester, fields)
    expect(created.number).toMatch(/^CHG-\d{6}$/)
    const row = await rowOf(created.id)
    expect(row).toMatchObject({ status: 'DRAFT', title: 'Just an idea', revision: 0, fingerprint: null, requesterId: requester.id })
    const approvers = await prisma.changeApprover.findMany({ where: { changeId: created.id } })
    expect(approvers.map((a) => [a.userId, a.source])).toEqual([[avery.id, 'SERVICE_OWNER']])
    expect((await auditOf(created.id)).map((a) => [a.action, a.toStatus, a.actorId])).toEqual([['change.created', 'DRAFT', requester.id]])
  })

  it('requires a title and refuses people without the requester or change manager role', async () => {
    const { avery } = await cast()
    expect(ZChangeFields.safeParse({ title: '  ' }).success).toBe(false)
    await expect(createDraftChange(avery, ZChangeFields.parse({ title: 'x' }))).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('reads window times in the zone the form showed, and rejects a local time the clocks skip', async () => {
    const { requester } = await cast()
    const fields = ZChangeFields.parse({ title: 'London', windowStart: '2030-07-01T09:00', windowEnd: '2030-07-01T10:00', timeZone: 'Europe/London' })
    const created = await createDraftChange(requester, fields)
    expect((await rowOf(created.id)).windowStart?.toISOString()).toBe('2030-07-01T08:00:00.000Z')
    const gap = ZChangeFields.safeParse({ title: 'Gap', windowStart: '2030-03-31T01:30', timeZone: 'Europe/London' })
    expect(gap.success).toBe(false)
    expect(gap.error?.issues[0]).toMatchObject({ path: ['windowStart'], message: expect.stringContaining('does not exist in Europe/London') })
  })

  it('gives 20 concurrent creations 20 distinct consecutive numbers', async () => {
    const { requester } = await cast()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createDraftChange(requester, ZChangeFields.parse({ title: `Concurrent ${i}` }))),
    )
    const numbers = results.map((r) => Number(r.number.slice(4))).sort((a, b) => a - b)
    expect(new Set(numbers).size).toBe(20)
    const first = numbers[0] ?? 0
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => first + i))
  })
})

describe('updateChange', () => {
  it('lets the requester edit their draft and audits the changed fields', async () => {
    const { requester, payments } = await cast()
    const draft = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id] })
    const result = await updateChange(requester, { changeId: draft.id, version: draft.version }, formFields({ serviceIds: [payments.id], title: 'Renamed' }))
    expect(result).toMatchObject({ kind: 'updated', status: 'DRAFT', version: draft.version + 1 })
    const audit = await auditOf(draft.id)
    expect(audit.at(-1)).toMatchObject({ action: 'change.updated', details: { fields: expect.arrayContaining(['title', 'purpose']) } })
  })

  it('forbids a requester who does not own the change, and lets a change manager edit it', async () => {
    const { requester, otherRequester, manager, payments } = await cast()
    const draft = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id] })
    const ref = { changeId: draft.id, version: draft.version }
    await expect(updateChange(otherRequester, ref, formFields({ serviceIds: [payments.id] }))).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await rowOf(draft.id)).version).toBe(draft.version)
    await expect(updateChange(manager, ref, formFields({ serviceIds: [payments.id] }))).resolves.toMatchObject({ kind: 'updated' })
  })

  it('two concurrent edits of the same version: one wins, the other gets a CONFLICT naming who saved', async () => {
    const { requester, manager, payments } = await cast()
    const draft = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id] })
    const ref = { changeId: draft.id, version: draft.version }
    const outcomes = await Promise.allSettled([
      updateChange(requester, ref, formFields({ serviceIds: [payments.id], title: 'Requester title' })),
      updateChange(manager, ref, formFields({ serviceIds: [payments.id], title: 'Manager title' })),
    ])
    const won = outcomes.filter((o) => o.status === 'fulfilled')
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    const winner = outcomes[0]?.status === 'fulfilled' ? requester : manager
    expect(lost[0]?.reason).toMatchObject({ code: 'CONFLICT' })
    expect(String((lost[0]?.reason as Error).message)).toMatch(
      new RegExp(`^This change was modified by ${winner.name} at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} \\(UTC, GMT\\) — reload to see their version\\.$`),
    )
    const row = await rowOf(draft.id)
    expect(row.version).toBe(draft.version + 1)
    expect(row.title).toBe(winner === requester ? 'Requester title' : 'Manager title')
  })

  it('a material edit of an approved change makes a new revision, returns it to SUBMITTED and asks the approvers again', async () => {
    const { requester, avery, payments } = await cast()
    const approved = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'APPROVED' })
    const fields = formFields({ serviceIds: [payments.id], rollbackPlan: 'Restore the previous certificate from the vault and reload.' })
    const result = await updateChange(requester, { changeId: approved.id, version: approved.version }, fields)
    expect(result).toMatchObject({ kind: 'revised', status: 'SUBMITTED', revision: 2 })

    const row = await rowOf(approved.id)
    expect(row).toMatchObject({ status: 'SUBMITTED', revision: 2 })
    expect(row.fingerprint).not.toBe(approved.fingerprint)
    const revisions = await prisma.changeRevision.findMany({ where: { changeId: approved.id }, orderBy: { number: 'asc' } })
    expect(revisions.map((r) => [r.number, r.fingerprint])).toEqual([
      [1, approved.fingerprint],
      [2, row.fingerprint],
    ])
    // The old sign-off stays but no longer matches the current fingerprint.
    const stale = await prisma.signOff.findMany({ where: { changeId: approved.id, fingerprint: row.fingerprint ?? '' } })
    expect(stale).toHaveLength(0)
    const audit = await auditOf(approved.id)
    expect(audit.at(-1)).toMatchObject({ action: 'change.revised', fromStatus: 'APPROVED', toStatus: 'SUBMITTED', details: { revision: 2 } })
    const notices = await prisma.notification.findMany({ where: { userId: avery.id, changeId: approved.id } })
    expect(notices.map((n) => n.message).join()).toContain('your sign-off is needed again')
  })

  it('an edit that restores exactly the signed content makes the old approvals count again (APPROVED)', async () => {
    const { requester, payments } = await cast()
    const windowStart = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3 * 86_400_000)
    const windowEnd = new Date(windowStart.getTime() + 3_600_000)
    // Risk is computed on every material edit: an unanswered questionnaire comes to HIGH, so that is what was signed.
    const approved = await createApprovedChange(prisma, { requesterId: requester.id, serviceIds: [payments.id], windowStart, windowEnd, riskLevel: 'HIGH' })
    const original = formFields({
      ...approved.content,
      title: 'Renew the payments certificate',
      windowStart: windowStart.toISOString().slice(0, 16),
      windowEnd: windowEnd.toISOString().slice(0, 16),
    })
    const edited = await updateChange(requester, { changeId: approved.id, version: approved.version }, { ...original, rollbackPlan: 'A different rollback plan that nobody signed yet.' })
    expect(edited).toMatchObject({ kind: 'revised', status: 'SUBMITTED', revision: 2 })

    const restored = await updateChange(requester, { changeId: approved.id, version: edited.version }, original)
    expect(restored).toMatchObject({ kind: 'revised', status: 'APPROVED', revision: 3 })
    const row = await rowOf(approved.id)
    expect(row).toMatchObject({ status: 'APPROVED', revision: 3, fingerprint: approved.fingerprint, version: restored.version })
    expect((await auditOf(approved.id)).at(-1)).toMatchObject({ action: 'change.approved', fromStatus: 'SUBMITTED', toStatus: 'APPROVED' })
  })

  it('a title-only edit of a submitted change keeps the revision and status', async () => {
    const { requester, payments } = await cast()
    // Whole minutes, as a datetime-local input can express them.
    const windowStart = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3 * 86_400_000)
    const windowEnd = new Date(windowStart.getTime() + 3_600_000)
    const submitted = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'SUBMITTED', windowStart, windowEnd })
    const fields = formFields({
      ...submitted.content,
      windowStart: windowStart.toISOString().slice(0, 16),
      windowEnd: windowEnd.toISOString().slice(0, 16),
      title: 'A better title',
    })
    await expect(updateChange(requester, { changeId: submitted.id, version: submitted.version }, fields)).resolves.toMatchObject({
      kind: 'updated',
      status: 'SUBMITTED',
    })
    expect(await rowOf(submitted.id)).toMatchObject({ revision: 1, fingerprint: submitted.fingerprint, title: 'A better title' })
  })

  it('refuses to edit a rejected change until it is reopened, and a change in progress at all', async () => {
    const { requester, manager, payments } = await cast()
    const rejected = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'REJECTED' })
    await expect(updateChange(requester, { changeId: rejected.id, version: 1 }, formFields({ serviceIds: [payments.id] }))).rejects.toMatchObject({
      code: 'REFUSED',
    })
    const running = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'IN_PROGRESS' })
    await expect(updateChange(manager, { changeId: running.id, version: 1 }, formFields({ serviceIds: [payments.id] }))).rejects.toMatchObject({
      code: 'REFUSED',
      message: expect.stringContaining('can no longer be edited'),
    })
  })

  it('rejects a nominated approver who is not an approver', async () => {
    const { requester, otherRequester, payments } = await cast()
    const draft = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id] })
    await expect(
      updateChange(requester, { changeId: draft.id, version: 1 }, formFields({ serviceIds: [payments.id], approverIds: [otherRequester.id] })),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { fieldErrors: { approverIds: [expect.any(String)] } } })
  })
})

describe('submitChange with the form', () => {
  it('a brand-new change refused at submit leaves no draft and no used number behind', async () => {
    const requester = await actorWith(['REQUESTER'])
    const before = await prisma.changeRequest.count()
    await expect(submitChange(requester, { fields: formFields({ rollbackPlan: '' }) })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(await prisma.changeRequest.count()).toBe(before)
  })
})
