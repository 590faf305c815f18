import { describe, expect, it } from 'vitest'
import { fingerprintOf } from '@/lib/domain/change-request/fingerprint'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'
import { addApprover, removeApprover } from '@/lib/server/sign-offs/manage-approvers'
import { countAwaitingSignOff, listAwaitingSignOff } from '@/lib/server/sign-offs/list-awaiting-sign-off'
import { ZAddApproverInput, ZRemoveApproverInput } from '@/lib/server/sign-offs/schemas'
import { createService, createUser } from '@/tests/factories'
import { createSubmittedChange, signOff } from '@/tests/factories/sign-offs'

async function actorWith(roles: Actor['roles']): Promise<Actor> {
  const user = await createUser({ roles: [...roles] })
  return { id: user.id, name: user.name, roles }
}

async function world() {
  const requester = await actorWith(['REQUESTER'])
  const manager = await actorWith(['CHANGE_MANAGER'])
  const avery = await actorWith(['APPROVER'])
  const blake = await actorWith(['APPROVER'])
  const payments = await createService({ ownerId: avery.id })
  const change = await createSubmittedChange(prisma, { requesterId: requester.id, serviceIds: [payments.id] })
  return { requester, manager, avery, blake, change }
}

describe('managing required approvers', () => {
  it('lets a change manager add an approver (audited, notified) but never the requester', async () => {
    const w = await world()
    await expect(addApprover(w.requester, ZAddApproverInput.parse({ changeId: w.change.id, userId: w.blake.id }))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await expect(addApprover(w.manager, ZAddApproverInput.parse({ changeId: w.change.id, userId: w.requester.id }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { fieldErrors: { userId: ['The requester cannot approve their own change.'] } },
    })
    await addApprover(w.manager, ZAddApproverInput.parse({ changeId: w.change.id, userId: w.blake.id }))
    expect(await prisma.changeApprover.findMany({ where: { changeId: w.change.id }, select: { userId: true, source: true } })).toHaveLength(
      2,
    )
    expect(await prisma.auditEvent.findFirst({ where: { changeId: w.change.id, action: 'approver.added' } })).toMatchObject({
      actorId: w.manager.id,
      details: { userId: w.blake.id, name: w.blake.name },
    })
    expect(await prisma.notification.count({ where: { userId: w.blake.id, changeId: w.change.id } })).toBe(1)
  })

  it('approves the change when the only approver still pending is removed, and keeps at least one approver', async () => {
    const w = await world()
    await addApprover(w.manager, ZAddApproverInput.parse({ changeId: w.change.id, userId: w.blake.id }))
    await signOff(prisma, { changeId: w.change.id, approverId: w.avery.id, revisionNumber: 1, fingerprint: w.change.fingerprint })
    const reason = 'Blake is on leave; Avery owns the service.'
    await expect(
      removeApprover(w.manager, ZRemoveApproverInput.parse({ changeId: w.change.id, userId: w.blake.id, reason })),
    ).resolves.toEqual({
      status: 'APPROVED',
    })
    await expect(
      removeApprover(w.manager, ZRemoveApproverInput.parse({ changeId: w.change.id, userId: w.avery.id, reason })),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
  })
})

describe('listAwaitingSignOff', () => {
  it('lists submitted changes awaiting my decision, with what changed since the revision I signed', async () => {
    const w = await world()
    expect((await listAwaitingSignOff(w.avery)).items.map((c) => c.id)).toEqual([w.change.id])
    expect(await listAwaitingSignOff(w.blake)).toEqual({ items: [], next: null })
    expect(await listAwaitingSignOff(w.requester)).toEqual({ items: [], next: null })

    await signOff(prisma, { changeId: w.change.id, approverId: w.avery.id, revisionNumber: 1, fingerprint: w.change.fingerprint })
    expect(await listAwaitingSignOff(w.avery)).toEqual({ items: [], next: null })

    // Revision 2 changes the rollback plan: Avery is asked again and sees what changed.
    const content = { ...w.change.content, rollbackPlan: 'Restore the snapshot taken before step 1, then replay the queue.' }
    const fingerprint = fingerprintOf(content)
    await prisma.changeRevision.create({ data: { changeId: w.change.id, number: 2, fingerprint, content, createdById: w.requester.id } })
    await prisma.changeRequest.update({
      where: { id: w.change.id },
      data: { revision: 2, fingerprint, rollbackPlan: content.rollbackPlan },
    })
    const [item] = (await listAwaitingSignOff(w.avery)).items
    expect(item).toMatchObject({
      id: w.change.id,
      revision: 2,
      lastSigned: { revision: 1, decision: 'APPROVED' },
      changesSinceLastSigned: [{ field: 'rollbackPlan', label: 'Rollback plan', after: content.rollbackPlan }],
    })
  })

  it('pages the inbox with a cursor (soonest window first) and counts it up to a cap', async () => {
    const w = await world()
    const payments = await createService({ ownerId: w.avery.id })
    const more = []
    for (let i = 0; i < 4; i++) {
      const windowStart = new Date(Date.now() + (10 - i) * 86_400_000)
      more.push(await createSubmittedChange(prisma, { requesterId: w.requester.id, serviceIds: [payments.id], windowStart }))
    }
    const all = [w.change, ...more]
    const first = await listAwaitingSignOff(w.avery, { limit: 2 })
    const second = await listAwaitingSignOff(w.avery, { limit: 2, after: first.next ?? '' })
    const third = await listAwaitingSignOff(w.avery, { limit: 2, after: second.next ?? '' })
    expect(third.next).toBeNull()
    const seen = [...first.items, ...second.items, ...third.items]
    expect(seen.map((c) => c.id).sort()).toEqual(all.map((c) => c.id).sort())
    const starts = seen.map((c) => c.windowStart?.getTime() ?? Infinity)
    expect(starts).toEqual([...starts].sort((a, b) => a - b))
    expect(await countAwaitingSignOff(w.avery, 3)).toEqual({ count: 3, capped: true })
    expect(await countAwaitingSignOff(w.avery, 10)).toEqual({ count: 5, capped: false })
  })
})
