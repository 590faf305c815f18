import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { updateOwnTimeZone } from '@/lib/server/users/profile'
import { ZUpdateOwnTimeZoneInput } from '@/lib/server/users/schemas'
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
