import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { cancelChange, recordOutcome, reviewChange, reviseRejectedChange, startChange } from '@/lib/server/lifecycle/transition'
import { addComment } from '@/lib/server/change-requests/add-comment'
import { getChange } from '@/lib/server/change-requests/get-change'
import { ZAddCommentInput } from '@/lib/server/change-requests/schemas'
import { ZCancelChangeInput } from '@/lib/server/lifecycle/schemas'
import { createService } from '@/tests/factories'
import { actorWith, auditOf, cast, factoryChange, formFields, rowOf } from './change-requests-support'

const MINUTE = 60_000

describe('submitChange', () => {
  it('snapshots revision 1, names the owners and the nominated approvers (never the requester), and notifies them', async () => {
    const { requester, avery, blake, manager, payments, queue } = await cast()
    const draft = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id, queue.id], nominatedIds: [manager.id] })
    const result = await submitChange(requester, { ref: { changeId: draft.id, version: draft.version } })
    expect(result.revision).toBe(1)
    const row = await rowOf(draft.id)
    expect(row).toMatchObject({ status: 'SUBMITTED', revision: 1 })
    const revision = await prisma.changeRevision.findUniqueOrThrow({ where: { changeId_number: { changeId: draft.id, number: 1 } } })
    expect(revision.fingerprint).toBe(row.fingerprint)
    const approvers = await prisma.changeApprover.findMany({ where: { changeId: draft.id } })
    expect(approvers.map((a) => [a.userId, a.source]).sort()).toEqual(
      [
        [avery.id, 'SERVICE_OWNER'],
        [blake.id, 'SERVICE_OWNER'],
        [manager.id, 'NOMINATED'],
      ].sort(),
    )
    expect((await auditOf(draft.id)).at(-1)).toMatchObject({ action: 'change.submitted', fromStatus: 'DRAFT', toStatus: 'SUBMITTED' })
    expect(await prisma.notification.count({ where: { changeId: draft.id, userId: { in: [avery.id, blake.id, manager.id] } } })).toBe(3)
  })

  it('submits a brand-new change from the form in one go', async () => {
    const { requester, payments } = await cast()
    const result = await submitChange(requester, { fields: formFields({ serviceIds: [payments.id] }) })
    const audit = await auditOf(result.id)
    expect(audit.map((a) => a.action)).toEqual(['change.created', 'change.submitted'])
  })

  it('returns every field problem at once and changes nothing', async () => {
    const { requester, payments } = await cast()
    const draft = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], text: { rollbackPlan: 'n/a' } })
    await expect(
      submitChange(requester, { ref: { changeId: draft.id, version: draft.version }, fields: formFields({ serviceIds: [payments.id], rollbackPlan: '', monitoringPlan: 'tbd' }) }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { fieldErrors: { rollbackPlan: ['Rollback plan is required.'], monitoringPlan: [expect.stringContaining('placeholder')] } },
    })
    expect(await rowOf(draft.id)).toMatchObject({ status: 'DRAFT', version: draft.version, rollbackPlan: 'n/a' })
  })

  it('refuses when the requester owns the only service: a change manager must name another approver', async () => {
    const requester = await actorWith(['REQUESTER', 'APPROVER'])
    const own = await createService({ ownerId: requester.id })
    const draft = await factoryChange({ requesterId: requester.id, serviceIds: [own.id] })
    await expect(submitChange(requester, { ref: { changeId: draft.id, version: draft.version } })).rejects.toMatchObject({
      code: 'REFUSED',
      message: expect.stringContaining('A change manager must name another approver'),
    })
    expect((await rowOf(draft.id)).status).toBe('DRAFT')
  })

  it('forbids submitting someone else’s draft', async () => {
    const { requester, otherRequester, payments } = await cast()
    const draft = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id] })
    await expect(submitChange(otherRequester, { ref: { changeId: draft.id, version: draft.version } })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('a rejected change reopens as a draft and resubmits as revision 2', async () => {
    const { requester, payments } = await cast()
    const rejected = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'REJECTED' })
    const reopened = await reviseRejectedChange(requester, { changeId: rejected.id, version: rejected.version })
    expect(reopened).toMatchObject({ from: 'REJECTED', to: 'DRAFT' })
    const row = await rowOf(rejected.id)
    await expect(
      submitChange(requester, {
        ref: { changeId: rejected.id, version: row.version },
        fields: formFields({ serviceIds: [payments.id], rollbackPlan: 'A better rollback plan than the rejected one.' }),
      }),
    ).resolves.toMatchObject({ revision: 2 })
  })
})

describe('lifecycle events', () => {
  it('cancels with a reason (required), recorded on the change and in the audit trail', async () => {
    const { requester, avery, payments } = await cast()
    const submitted = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'SUBMITTED' })
    expect(ZCancelChangeInput.safeParse({ changeId: submitted.id, reason: ' ' }).success).toBe(false)
    await cancelChange(requester, { changeId: submitted.id, version: submitted.version, reason: 'Superseded by CHG-000999.' })
    expect(await rowOf(submitted.id)).toMatchObject({ status: 'CANCELLED', cancelReason: 'Superseded by CHG-000999.' })
    expect((await auditOf(submitted.id)).at(-1)).toMatchObject({
      action: 'change.cancelled',
      fromStatus: 'SUBMITTED',
      toStatus: 'CANCELLED',
      details: { reason: 'Superseded by CHG-000999.' },
    })
    expect(await prisma.notification.count({ where: { changeId: submitted.id, userId: avery.id } })).toBe(1)
  })

  it('starts only inside the window (with grace), then completes and closes with notes', async () => {
    const { requester, manager, payments } = await cast()
    const later = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'SCHEDULED' })
    await expect(startChange(manager, { changeId: later.id })).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining('can start from') })

    const now = Date.now()
    const due = await factoryChange({
      requesterId: requester.id,
      serviceIds: [payments.id],
      status: 'SCHEDULED',
      windowStart: new Date(now + 5 * MINUTE),
      windowEnd: new Date(now + 65 * MINUTE),
    })
    await expect(startChange(requester, { changeId: due.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await startChange(manager, { changeId: due.id })
    await recordOutcome(manager, { changeId: due.id, outcome: 'complete', notes: 'Certificates rotated, no errors.' })
    await reviewChange(manager, { changeId: due.id, notes: 'Went as planned.' })
    const row = await rowOf(due.id)
    expect(row).toMatchObject({ status: 'CLOSED', outcomeNotes: 'Certificates rotated, no errors.', reviewNotes: 'Went as planned.' })
    expect(row.startedAt).not.toBeNull()
    expect((await auditOf(due.id)).map((a) => [a.action, a.fromStatus, a.toStatus]).slice(-3)).toEqual([
      ['change.started', 'SCHEDULED', 'IN_PROGRESS'],
      ['change.completed', 'IN_PROGRESS', 'COMPLETED'],
      ['change.reviewed', 'COMPLETED', 'CLOSED'],
    ])
  })

  it('records a roll back and a failure', async () => {
    const { requester, manager, payments } = await cast()
    const a = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'IN_PROGRESS' })
    const b = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'IN_PROGRESS' })
    await recordOutcome(manager, { changeId: a.id, outcome: 'rollBack', notes: 'Latency rose; restored the old version.' })
    await recordOutcome(manager, { changeId: b.id, outcome: 'fail', notes: 'The upgrade script aborted half-way.' })
    expect((await rowOf(a.id)).status).toBe('ROLLED_BACK')
    expect((await rowOf(b.id)).status).toBe('FAILED')
  })
})

describe('comments and the detail view', () => {
  it('anyone can comment or raise a concern; the detail shows them with the audit trail', async () => {
    const { requester, avery, otherRequester, payments } = await cast()
    const submitted = await factoryChange({ requesterId: requester.id, serviceIds: [payments.id], status: 'SUBMITTED' })
    await addComment(otherRequester, ZAddCommentInput.parse({ changeId: submitted.id, body: 'Does this touch refunds?' }))
    await addComment(avery, ZAddCommentInput.parse({ changeId: submitted.id, body: 'The window overlaps the payroll run.', isConcern: 'on' }))
    const detail = await getChange(otherRequester, submitted.id)
    expect(detail.comments.map((c) => [c.body, c.isConcern])).toEqual([
      ['Does this touch refunds?', false],
      ['The window overlaps the payroll run.', true],
    ])
    expect(detail.audit.map((a) => a.description)).toContain('raised a concern')
    expect(detail.permissions).toMatchObject({ edit: false, comment: true, events: [] })
    expect((await getChange(requester, submitted.id)).permissions.edit).toBe(true)
    expect(detail.revisions).toHaveLength(1)
  })

  it('NOT_FOUND for an unknown change', async () => {
    const { requester } = await cast()
    await expect(getChange(requester, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
