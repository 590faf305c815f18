import { describe, expect, it } from 'vitest'
import { prisma } from '@/lib/server/db'
import { listCurrentFreezes } from '@/lib/server/freezes/list-freezes'
import { createUser } from '../factories/user'

const DAY = 86_400_000

async function freeze(createdById: string, name: string, startsAt: Date, days: number, extra: { archivedAt?: Date } = {}) {
  const endsAt = new Date(startsAt.getTime() + days * DAY)
  await prisma.freezePeriod.create({
    data: { name, reason: 'test', startsAt, endsAt, activeUntil: endsAt, severity: 'HARD', createdById, ...extra },
  })
}

describe('listCurrentFreezes (dashboard)', () => {
  it('lists freezes active now or starting within 30 days, soonest first, without archived ones', async () => {
    const admin = await createUser({ roles: ['ADMIN'] })
    const requester = await createUser({ roles: ['REQUESTER'] })
    const now = new Date('2031-05-01T12:00:00Z')
    await freeze(admin.id, 'Running', new Date(now.getTime() - DAY), 2)
    await freeze(admin.id, 'Soon', new Date(now.getTime() + 10 * DAY), 1)
    await freeze(admin.id, 'Far away', new Date(now.getTime() + 60 * DAY), 1)
    await freeze(admin.id, 'Over', new Date(now.getTime() - 10 * DAY), 1)
    await freeze(admin.id, 'Archived', new Date(now.getTime() + 2 * DAY), 1, { archivedAt: now })

    const listed = await listCurrentFreezes({ id: requester.id, name: requester.name, roles: requester.roles }, now)
    expect(listed.map((f) => [f.name, f.activeNow])).toEqual([
      ['Running', true],
      ['Soon', false],
    ])
  })
})
