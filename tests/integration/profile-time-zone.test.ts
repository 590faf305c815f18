import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { updateOwnTimeZone } from '@/lib/server/users/update-own-time-zone'
import { ZUpdateOwnTimeZoneInput } from '@/lib/server/users/update-own-time-zone.schema'
import { viewerTimeZone } from '@/lib/server/users/viewer-time-zone'
import { createUser } from '../factories/user'

describe('updateOwnTimeZone', () => {
  it('changes only the actor’s own zone and audits it', async () => {
    const rita = await createUser({ roles: ['REQUESTER'] })
    const other = await createUser({ roles: ['APPROVER'], timeZone: 'UTC' })
    await updateOwnTimeZone({ id: rita.id, name: rita.name, roles: rita.roles }, { timeZone: 'America/New_York' })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: rita.id } })).timeZone).toBe('America/New_York')
    expect((await prisma.user.findUniqueOrThrow({ where: { id: other.id } })).timeZone).toBe('UTC')
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: 'user', entityId: rita.id, action: 'user.updated' } })
    expect(audit.details).toEqual({ from: { timeZone: 'UTC' }, to: { timeZone: 'America/New_York' } })
  })

  it('accepts only IANA zones', () => {
    expect(ZUpdateOwnTimeZoneInput.safeParse({ timeZone: 'Europe/London' }).success).toBe(true)
    const bad = ZUpdateOwnTimeZoneInput.safeParse({ timeZone: 'Mars/Olympus_Mons' })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toBe('Choose a time zone from the list.')
  })
})

describe('viewerTimeZone', () => {
  it('takes the zone the request’s actor carries, reads it for an actor without one, and falls back to UTC for nonsense', async () => {
    const user = await createUser({ roles: ['REQUESTER'], timeZone: 'Asia/Tokyo' })
    const actor = { id: user.id, name: user.name, roles: user.roles }
    expect(await viewerTimeZone({ ...actor, timeZone: 'Europe/Paris' })).toBe('Europe/Paris')
    expect(await viewerTimeZone(actor)).toBe('Asia/Tokyo')
    expect(await viewerTimeZone({ ...actor, timeZone: 'Mars/Olympus_Mons' })).toBe('UTC')
  })
})
