import { describe, expect, it } from 'vitest'
import { describeAuditEvent, ZAuditEvent } from '@/lib/domain/audit/events'
import { prisma } from '@/lib/server/db'
import { createFreeze, updateFreeze } from '@/lib/server/freezes/save-freeze'
import { ZCreateFreezeInput } from '@/lib/server/freezes/schemas'
import { deleteOrArchiveFreeze, endFreezeEarly } from '@/lib/server/freezes/retire-freeze'
import { grantFreezeException } from '@/lib/server/freezes/grant-freeze-exception'
import { listFreezes } from '@/lib/server/freezes/list-freezes'
import { previewFreezeImpact } from '@/lib/server/freezes/preview-freeze-impact'
import { arrangeChange, arrangePeople, at, exceptionInput } from './freezes-support'
import { createApprovedChange } from '../factories/sign-offs'

const fields = (over: Record<string, unknown> = {}) =>
  ZCreateFreezeInput.parse({
    name: 'Year-end close',
    reason: 'Finance closes the books',
    startsAtLocal: '2031-12-20T00:00',
    endsAtLocal: '2032-01-03T00:00',
    timeZone: 'Europe/London',
    scope: 'ALL_SERVICES',
    severity: 'HARD',
    ...over,
  })

describe('freeze lifecycle', () => {
  it('stores local times as UTC in the chosen zone, with activeUntil, and audits creation', async () => {
    const p = await arrangePeople()
    const { id } = await createFreeze(p.admin, fields({ startsAtLocal: '2031-07-01T09:00', endsAtLocal: '2031-07-01T17:00' }))
    const row = await prisma.freezePeriod.findUniqueOrThrow({ where: { id } })
    expect(row.startsAt).toEqual(at('2031-07-01T08:00')) // BST
    expect(row.activeUntil).toEqual(at('2031-07-01T16:00'))
    expect(await prisma.auditEvent.count({ where: { entityType: 'freeze', entityId: id, action: 'freeze.created' } })).toBe(1)
  })

  it('refuses non-admins, bad times and a rule that does not parse, with field errors', async () => {
    const p = await arrangePeople()
    await expect(createFreeze(p.manager, fields())).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(createFreeze(p.admin, fields({ endsAtLocal: '2031-12-19T00:00' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { fieldErrors: { endsAtLocal: ['The end must be after the start.'] } },
    })
    // 01:30 on 2031-03-30 does not exist in London (clocks jump 01:00 → 02:00).
    await expect(createFreeze(p.admin, fields({ startsAtLocal: '2031-03-30T01:30' }))).rejects.toMatchObject({
      details: { fieldErrors: { startsAtLocal: [expect.stringContaining('does not exist')] } },
    })
    await expect(createFreeze(p.admin, fields({ rrule: 'FREQ=SOMETIMES' }))).rejects.toMatchObject({ details: { fieldErrors: { rrule: [expect.any(String)] } } })
    // Sub-daily rules could expand to millions of occurrences per range (issue 8): the form says which frequencies it takes.
    for (const freq of ['SECONDLY', 'MINUTELY', 'HOURLY']) {
      await expect(createFreeze(p.admin, fields({ rrule: `FREQ=${freq}` }))).rejects.toMatchObject({
        details: { fieldErrors: { rrule: [`A freeze can repeat daily, weekly, monthly or yearly (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY); FREQ=${freq} is not supported.`] } },
      })
    }
    await expect(createFreeze(p.admin, fields({ rrule: 'FREQ=DAILY;BYHOUR=0,6,12,18' }))).rejects.toMatchObject({
      details: { fieldErrors: { rrule: [expect.stringMatching(/^BYHOUR is not supported/)] } },
    })
    await expect(createFreeze(p.admin, fields({ scope: 'SELECTED_SERVICES' }))).rejects.toMatchObject({ details: { fieldErrors: { serviceIds: [expect.any(String)] } } })
  })

  it('edits, ends early, and deletes a freeze that never affected anything', async () => {
    const p = await arrangePeople()
    const now = new Date()
    const start = new Date(now.getTime() - 3_600_000)
    const local = (d: Date) => d.toISOString().slice(0, 16)
    const { id } = await createFreeze(p.admin, fields({ timeZone: 'UTC', startsAtLocal: local(start), endsAtLocal: '2099-01-01T00:00' }))
    expect((await listFreezes(p.admin)).find((f) => f.id === id)?.status).toBe('active')
    await updateFreeze(p.admin, { ...fields({ timeZone: 'UTC', startsAtLocal: local(start), endsAtLocal: '2098-01-01T00:00', name: 'Renamed' }), id })
    expect((await prisma.freezePeriod.findUniqueOrThrow({ where: { id } })).name).toBe('Renamed')
    await endFreezeEarly(p.admin, { id }, now)
    const ended = await prisma.freezePeriod.findUniqueOrThrow({ where: { id } })
    expect(ended.endsAt).toEqual(now)
    expect(ended.activeUntil).toEqual(now)
    await expect(endFreezeEarly(p.admin, { id }, new Date(now.getTime() + 1000))).rejects.toMatchObject({ code: 'REFUSED' })
    expect(await deleteOrArchiveFreeze(p.admin, { id })).toEqual({ outcome: 'deleted' })
    expect(await prisma.freezePeriod.count({ where: { id } })).toBe(0)
    const actions = (await prisma.auditEvent.findMany({ where: { entityId: id }, orderBy: { id: 'asc' } })).map((e) => e.action)
    expect(actions).toEqual(['freeze.created', 'freeze.updated', 'freeze.ended-early', 'freeze.deleted'])
  })

  it('ends a recurring freeze by stopping future occurrences', async () => {
    const p = await arrangePeople()
    const { id } = await createFreeze(p.admin, fields({ timeZone: 'UTC', startsAtLocal: '2020-01-04T00:00', endsAtLocal: '2020-01-04T12:00', rrule: 'FREQ=WEEKLY;BYDAY=SA' }))
    expect((await prisma.freezePeriod.findUniqueOrThrow({ where: { id } })).activeUntil).toBeNull()
    await endFreezeEarly(p.admin, { id }, at('2031-01-01T00:00'))
    const row = await prisma.freezePeriod.findUniqueOrThrow({ where: { id } })
    expect(row.rrule).toBe('FREQ=WEEKLY;BYDAY=SA;UNTIL=20310101T000000Z')
    expect(row.activeUntil).toEqual(at('2030-12-28T12:00'))
  })
})

describe('retro-check', () => {
  it('previews, then un-schedules a SCHEDULED change inside a new HARD freeze, audited and notified', async () => {
    const p = await arrangePeople()
    const hit = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2031-12-24T10:00'), windowEnd: at('2031-12-24T11:00') })
    const elsewhere = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.other.id], windowStart: at('2031-12-24T10:00'), windowEnd: at('2031-12-24T11:00') })
    const before = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2031-12-19T23:00'), windowEnd: at('2031-12-20T00:00') })
    const input = fields({ timeZone: 'UTC', scope: 'SELECTED_SERVICES', serviceIds: [p.service.id] })

    const preview = await previewFreezeImpact(p.admin, input)
    expect(preview.wouldUnschedule.map((c) => c.id)).toEqual([hit.id])

    const { id, unscheduled } = await createFreeze(p.admin, input)
    expect(unscheduled.map((c) => c.id)).toEqual([hit.id])
    const statuses = await prisma.changeRequest.findMany({ where: { id: { in: [hit.id, elsewhere.id, before.id] } }, select: { id: true, status: true } })
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [hit.id]: 'APPROVED', [elsewhere.id]: 'SCHEDULED', [before.id]: 'SCHEDULED' })
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { changeId: hit.id, action: 'change.unscheduled' } })
    expect(audit).toMatchObject({ fromStatus: 'SCHEDULED', toStatus: 'APPROVED', actorId: p.admin.id, details: { freezeId: id, reason: expect.stringContaining('Year-end close') } })
    const notice = await prisma.notification.findFirstOrThrow({ where: { userId: p.requester.id, changeId: hit.id } })
    expect(notice.message).toContain('Year-end close')
    // It affected a change, so it can only be archived.
    expect(await deleteOrArchiveFreeze(p.admin, { id })).toEqual({ outcome: 'archived' })
  })

  it('keeps a change with a valid SOFT exception through edits that do not redefine the freeze, and lets the exception lapse on any that do', async () => {
    const p = await arrangePeople()
    // Signed for real: the database refuses a SCHEDULED change without current approvals.
    const change = await createApprovedChange(prisma, { requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2031-12-24T10:00'), windowEnd: at('2031-12-24T11:00') })
    const soft = await createFreeze(p.admin, fields({ timeZone: 'UTC', severity: 'SOFT' }))
    await grantFreezeException(p.manager, await exceptionInput(change.id, soft.id, 'Security patch that cannot wait until January.'))
    await prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED' } })
    // Renaming is not material: the exception holds.
    const renamed = { ...fields({ timeZone: 'UTC', severity: 'SOFT', name: 'Year-end close (finance)' }), id: soft.id }
    expect((await previewFreezeImpact(p.admin, renamed)).keptByException.map((c) => c.id)).toEqual([change.id])
    expect((await updateFreeze(p.admin, renamed)).unscheduled).toEqual([])
    // Extending the window is a new freeze: the preview says the change would go, and the save un-schedules it.
    const extended = { ...fields({ timeZone: 'UTC', severity: 'SOFT', endsAtLocal: '2032-01-10T00:00' }), id: soft.id }
    expect((await previewFreezeImpact(p.admin, extended)).wouldUnschedule.map((c) => c.id)).toEqual([change.id])
    expect((await updateFreeze(p.admin, extended)).unscheduled.map((c) => c.id)).toEqual([change.id])
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: soft.id, action: 'freeze.updated' }, orderBy: { at: 'desc' } })
    expect(audit.details).toMatchObject({ exceptionsLapsed: true, revision: 2 })
  })

  it('never lets a SOFT exception for an emergency change count once the freeze is raised to HARD', async () => {
    const p = await arrangePeople()
    const change = await createApprovedChange(prisma, {
      requesterId: p.requester.id,
      serviceIds: [p.service.id],
      type: 'EMERGENCY',
      windowStart: at('2031-12-24T10:00'),
      windowEnd: at('2031-12-24T11:00'),
    })
    const soft = await createFreeze(p.admin, fields({ timeZone: 'UTC', severity: 'SOFT' }))
    await grantFreezeException(p.manager, await exceptionInput(change.id, soft.id, 'Security patch that cannot wait until January.'))
    await prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'SCHEDULED' } })
    // Before the fix the change manager's SOFT excuse was taken as an admin's HARD one and the change stayed scheduled.
    const raised = await updateFreeze(p.admin, { ...fields({ timeZone: 'UTC', severity: 'HARD' }), id: soft.id })
    expect(raised.unscheduled.map((c) => c.id)).toEqual([change.id])
    expect((await prisma.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).status).toBe('APPROVED')
  })

  it('refuses a grant for a revision other than the one the granter read', async () => {
    const p = await arrangePeople()
    const change = await createApprovedChange(prisma, { requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2031-12-24T10:00'), windowEnd: at('2031-12-24T11:00') })
    const soft = await createFreeze(p.admin, fields({ timeZone: 'UTC', severity: 'SOFT' }))
    const seen = await exceptionInput(change.id, soft.id, 'Security patch that cannot wait until January.')
    await expect(grantFreezeException(p.manager, { ...seen, revision: seen.revision + 1 })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(grantFreezeException(p.manager, { ...seen, fingerprint: 'e'.repeat(64) })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await prisma.freezeException.count({ where: { changeId: change.id } })).toBe(0)
    await expect(grantFreezeException(p.manager, seen)).resolves.toMatchObject({ id: expect.any(String) })
  })

  it('grants exceptions by the rules: SOFT by a change manager, HARD only by an admin for an emergency', async () => {
    const p = await arrangePeople()
    const normal = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2031-12-24T10:00'), windowEnd: at('2031-12-24T11:00'), status: 'APPROVED' })
    const emergency = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2031-12-24T10:00'), windowEnd: at('2031-12-24T11:00'), status: 'APPROVED', type: 'EMERGENCY' })
    const hard = await createFreeze(p.admin, fields({ timeZone: 'UTC' }))
    const justification = 'The outage fix must ship before customers return.'
    await expect(grantFreezeException(p.manager, await exceptionInput(emergency.id, hard.id, justification))).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(grantFreezeException(p.admin, await exceptionInput(normal.id, hard.id, justification))).rejects.toMatchObject({ code: 'REFUSED' })
    await grantFreezeException(p.admin, await exceptionInput(emergency.id, hard.id, justification))
    await expect(grantFreezeException(p.admin, await exceptionInput(emergency.id, hard.id, justification))).rejects.toMatchObject({ code: 'CONFLICT' })
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { changeId: emergency.id, action: 'freeze-exception.granted' } })
    expect(audit.details).toMatchObject({ freezeName: 'Year-end close', justification })
    // It reads back as a sentence on the change page, not as a bare action name.
    expect(describeAuditEvent(ZAuditEvent.parse({ action: audit.action, details: audit.details }))).toBe(`granted an exception to the freeze "Year-end close" for revision 1: ${justification}`)
    await expect(grantFreezeException(p.requester, await exceptionInput(normal.id, hard.id, justification))).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
