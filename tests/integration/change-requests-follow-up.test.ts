import { describe, expect, it } from 'vitest'
import { createFollowUpChange } from '@/lib/server/change-requests/create-change'
import { getChange } from '@/lib/server/change-requests/get-change'
import { prisma } from '@/lib/server/db'
import { createChange } from '../factories/change-requests'
import { createService } from '../factories/service'
import { createUser } from '../factories/user'

const actorOf = (u: { id: string; name: string; roles: ('REQUESTER' | 'APPROVER' | 'CHANGE_MANAGER' | 'ADMIN')[] }) => ({ id: u.id, name: u.name, roles: u.roles })

async function rolledBack() {
  const requester = await createUser({ roles: ['REQUESTER'] })
  const owner = await createUser({ roles: ['APPROVER'] })
  const service = await createService({ ownerId: owner.id })
  const change = await createChange(prisma, {
    requesterId: requester.id,
    serviceIds: [service.id],
    status: 'ROLLED_BACK',
    text: { rollbackPlan: 'Switch back to the old cluster and replay the queue from the checkpoint.' },
  })
  return { requester, owner, service, change }
}

describe('createFollowUpChange', () => {
  it('raises a linked draft from a rolled-back change, with its content and services and no window', async () => {
    const { requester, owner, service, change } = await rolledBack()
    const created = await createFollowUpChange(actorOf(requester), { changeId: change.id })

    const row = await prisma.changeRequest.findUniqueOrThrow({ where: { id: created.id }, include: { services: true, approvers: true } })
    expect(row).toMatchObject({
      status: 'DRAFT',
      requesterId: requester.id,
      previousChangeId: change.id,
      title: expect.stringMatching(new RegExp(`^Follow-up to ${change.displayNumber}: `)),
      rollbackPlan: 'Switch back to the old cluster and replay the queue from the checkpoint.',
      windowStart: null,
      windowEnd: null,
      revision: 0,
    })
    expect(row.services.map((s) => s.serviceId)).toEqual([service.id])
    expect(row.approvers.map((a) => a.userId)).toEqual([owner.id])

    const original = await getChange(actorOf(requester), change.id)
    expect(original.followUps.map((f) => f.id)).toEqual([created.id])
    const followUp = await getChange(actorOf(requester), created.id)
    expect(followUp.previousChange?.id).toBe(change.id)
    expect(followUp.permissions.followUp).toBe(false)
  })

  it('refuses a draft as the source, and people who cannot create changes', async () => {
    const { requester, owner, service } = await rolledBack()
    const draft = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id] })
    await expect(createFollowUpChange(actorOf(requester), { changeId: draft.id })).rejects.toMatchObject({ code: 'REFUSED' })
    const { change } = await rolledBack()
    await expect(createFollowUpChange(actorOf(owner), { changeId: change.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
