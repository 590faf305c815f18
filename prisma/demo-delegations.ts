import type { PrismaClient } from '../lib/generated/prisma/client'

const DAY = 86_400_000

/**
 * Out of office in the demo (issue 13): Blake Approver is away for the coming
 * week and Morgan Manager signs in Blake's seat, so the change awaiting
 * Blake's sign-off shows a delegate at work. Starts when the seed runs.
 */
export async function seedDemoDelegations(db: Pick<PrismaClient, 'delegation'>, ids: { approver2: string; manager: string }, now = new Date()): Promise<void> {
  await db.delegation.create({
    data: {
      delegatorId: ids.approver2,
      delegateId: ids.manager,
      startsAt: now,
      endsAt: new Date(now.getTime() + 7 * DAY),
      note: 'Away at a conference; Morgan knows the Message Queue runbook.',
    },
  })
}
