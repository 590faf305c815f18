import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { calendarEvents } from '@/lib/server/freezes/calendar'
import { icsFeed } from '@/lib/server/freezes/ics-feed'
import { regenerateIcsToken } from '@/lib/server/users/profile'
import { arrangeChange, arrangeFreeze, arrangePeople, at } from './freezes-support'

const now = at('2032-06-01T00:00')

describe('calendar data', () => {
  it('lists scheduled changes and freeze occurrences with conflicts spelled out, filterable by service', async () => {
    const p = await arrangePeople()
    const inFreeze = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2032-06-10T10:00'), windowEnd: at('2032-06-10T12:00') })
    const clash = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2032-06-10T11:00'), windowEnd: at('2032-06-10T13:00') })
    const other = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.other.id], windowStart: at('2032-06-12T10:00'), windowEnd: at('2032-06-12T12:00') })
    await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2032-06-11T10:00'), windowEnd: at('2032-06-11T12:00'), status: 'APPROVED' })
    await arrangeFreeze({ createdById: p.admin.id, name: 'Launch', severity: 'SOFT', startsAt: at('2032-06-10T09:00'), endsAt: at('2032-06-10T10:30'), serviceIds: [p.service.id] })
    await arrangeFreeze({ createdById: p.admin.id, name: 'Weekly', startsAt: at('2032-06-05T00:00'), endsAt: at('2032-06-05T06:00'), rrule: 'FREQ=WEEKLY' })

    const all = await calendarEvents(p.requester, { start: at('2032-06-01T00:00'), end: at('2032-07-01T00:00'), serviceId: null })
    expect(all.changes.map((c) => c.id)).toEqual([inFreeze.id, clash.id, other.id])
    expect(all.changes[0]?.conflicts).toEqual(['Inside SOFT freeze "Launch"', `Overlaps CHG-${String(clash.number).padStart(6, '0')} on ${p.service.name}`])
    expect(all.changes[2]?.conflicts).toEqual([])
    expect(all.freezes.filter((f) => f.name === 'Weekly').map((f) => f.start)).toEqual(
      ['05', '12', '19', '26'].map((d) => at(`2032-06-${d}T00:00`)),
    )
    expect(all.freezes.find((f) => f.name === 'Launch')?.scopeLabel).toBe(p.service.name)

    const filtered = await calendarEvents(p.requester, { start: at('2032-06-01T00:00'), end: at('2032-07-01T00:00'), serviceId: p.other.id })
    expect(filtered.changes.map((c) => c.id)).toEqual([other.id])
    expect(filtered.freezes.map((f) => f.name)).not.toContain('Launch')
  })

  it('is shared by every viewer of a range until the board changes (anything written to the audit trail)', async () => {
    const p = await arrangePeople()
    const june = { start: at('2033-06-01T00:00'), end: at('2033-07-01T00:00'), serviceId: null }
    const first = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2033-06-10T10:00'), windowEnd: at('2033-06-10T12:00') })
    const seen = await calendarEvents(p.requester, june)
    expect(await calendarEvents(p.manager, june)).toBe(seen)
    // A change scheduled since, with the audit event every real write appends: the next read has it.
    const second = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.other.id], windowStart: at('2033-06-12T10:00'), windowEnd: at('2033-06-12T12:00') })
    expect((await calendarEvents(p.requester, june)).changes.map((c) => c.id)).toEqual([first.id])
    await prisma.auditEvent.create({
      data: { changeId: second.id, entityType: 'change', entityId: second.id, actorId: p.manager.id, action: 'change.scheduled', toStatus: 'SCHEDULED', details: { acknowledgedConflicts: [] } },
    })
    expect((await calendarEvents(p.requester, june)).changes.map((c) => c.id)).toEqual([first.id, second.id])
  })
})

describe('ICS feed', () => {
  it('serves changes and freezes for a valid token, per service, and refuses unknown or revoked tokens', async () => {
    const p = await arrangePeople()
    const change = await arrangeChange({ requesterId: p.requester.id, serviceIds: [p.service.id], windowStart: at('2032-06-10T10:00'), windowEnd: at('2032-06-10T12:00') })
    await arrangeFreeze({ createdById: p.admin.id, name: 'Quarter close', startsAt: at('2032-06-28T00:00'), endsAt: at('2032-07-01T00:00'), serviceIds: [p.other.id] })
    const { token } = await regenerateIcsToken(p.requester)
    const ics = await icsFeed({ token, serviceId: null, baseUrl: 'https://cab.example' }, now)
    expect(ics).toContain('BEGIN:VCALENDAR')
    expect(ics).toContain(`UID:change-${change.id}@changeboard`)
    expect(ics).toContain('DTSTART:20320610T100000Z')
    expect(ics).toContain('DTEND:20320610T120000Z')
    expect(ics).toContain(`https://cab.example/changes/${change.id}`)
    expect(ics).toContain('SUMMARY:HARD freeze: Quarter close')

    const forService = await icsFeed({ token, serviceId: p.service.id, baseUrl: 'https://cab.example' }, now)
    expect(forService).toContain(`UID:change-${change.id}@changeboard`)
    expect(forService).not.toContain('Quarter close')

    await expect(icsFeed({ token: 'x'.repeat(43), serviceId: null, baseUrl: '' }, now)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const { token: fresh } = await regenerateIcsToken(p.requester)
    await expect(icsFeed({ token, serviceId: null, baseUrl: '' }, now)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const empty = await icsFeed({ token: fresh, serviceId: null, baseUrl: '' }, at('2040-01-01T00:00'))
    expect(empty).toContain('BEGIN:VCALENDAR')
    const audit = await prisma.auditEvent.findMany({ where: { entityId: p.requester.id, action: 'user.ics-token-regenerated' } })
    expect(audit).toHaveLength(2)
    expect(JSON.stringify(audit.map((a) => a.details))).not.toContain(fresh)
  })
})
