import { describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'
import { recordSignOff } from '@/lib/server/sign-offs/record-sign-off'
import { ZRecordSignOffInput } from '@/lib/server/sign-offs/schemas'
import { createService, createUser } from '@/tests/factories'
import { createChange } from '@/tests/factories/change-requests'
import { createSubmittedChange, type SignedChange } from '@/tests/factories/sign-offs'

const STATEMENT = 'I checked the implementation and rollback plans against our runbook.'

async function actorWith(roles: Actor['roles'], name?: string): Promise<Actor> {
  const user = await createUser({ roles: [...roles], ...(name ? { name } : {}) })
  return { id: user.id, name: user.name, roles }
}

async function twoApproverChange() {
  const requester = await actorWith(['REQUESTER'])
  const avery = await actorWith(['APPROVER'])
  const blake = await actorWith(['APPROVER'])
  const payments = await createService({ ownerId: avery.id })
  const queue = await createService({ ownerId: blake.id })
  const change = await createSubmittedChange(prisma, { requesterId: requester.id, serviceIds: [payments.id, queue.id] })
  return { requester, avery, blake, change }
}

function input(change: SignedChange, signer: Actor, overrides: Record<string, unknown> = {}) {
  return ZRecordSignOffInput.parse({
    changeId: change.id,
    revision: change.revision,
    fingerprint: change.fingerprint,
    decision: 'APPROVED',
    statement: STATEMENT,
    signature: signer.name,
    ...overrides,
  })
}

const statusOf = async (id: string) => (await prisma.changeRequest.findUniqueOrThrow({ where: { id } })).status

describe('recordSignOff', () => {
  it('records each written approval and moves the change to APPROVED on the last one, with the audit trail', async () => {
    const { requester, avery, blake, change } = await twoApproverChange()
    // The factory writes the change's history (created, submitted); look only at what signing adds.
    const arranged = (await prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n

    await expect(recordSignOff(avery, input(change, avery))).resolves.toMatchObject({ status: 'SUBMITTED', decision: 'APPROVED' })
    await expect(recordSignOff(blake, input(change, blake, { signature: `  ${blake.name.toUpperCase()} ` }))).resolves.toMatchObject({
      status: 'APPROVED',
    })

    expect(await statusOf(change.id)).toBe('APPROVED')
    const rows = await prisma.signOff.findMany({ where: { changeId: change.id }, orderBy: { signedAt: 'asc' } })
    expect(rows.map((r) => [r.approverId, r.decision, r.revisionNumber, r.fingerprint])).toEqual([
      [avery.id, 'APPROVED', 1, change.fingerprint],
      [blake.id, 'APPROVED', 1, change.fingerprint],
    ])
    const audit = await prisma.auditEvent.findMany({
      where: { changeId: change.id, id: { gt: arranged } },
      orderBy: { id: 'asc' },
    })
    expect(audit.map((a) => a.action)).toEqual(['signoff.recorded', 'signoff.recorded', 'change.approved'])
    expect(audit[0]).toMatchObject({
      actorId: avery.id,
      details: { decision: 'APPROVED', statement: STATEMENT, signature: avery.name, revisionNumber: 1, fingerprint: change.fingerprint },
    })
    expect(audit[2]).toMatchObject({ fromStatus: 'SUBMITTED', toStatus: 'APPROVED', actorId: null })
    const notices = await prisma.notification.findMany({ where: { userId: requester.id, changeId: change.id } })
    expect(notices.map((n) => n.message).join(' ')).toContain('can be scheduled')
  })

  it('moves the change to REJECTED on a rejection, which needs a reason', async () => {
    const { avery, change } = await twoApproverChange()
    await expect(recordSignOff(avery, input(change, avery, { decision: 'REJECTED', statement: 'no' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { fieldErrors: { statement: [expect.stringContaining('Explain why you reject')] } },
    })
    await recordSignOff(
      avery,
      input(change, avery, { decision: 'REJECTED', statement: 'The rollback plan does not cover the schema migration.' }),
    )
    expect(await statusOf(change.id)).toBe('REJECTED')
  })

  it('never lets the requester sign their own change, even when listed as an approver by a crafted row', async () => {
    const { requester, change } = await twoApproverChange()
    const signingRequester: Actor = { ...requester, roles: ['REQUESTER', 'APPROVER', 'CHANGE_MANAGER'] }
    await prisma.changeApprover.create({ data: { changeId: change.id, userId: requester.id, source: 'NOMINATED' } })
    await expect(recordSignOff(signingRequester, input(change, signingRequester))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'You raised this change, so you cannot sign it off.',
    })
    expect(await prisma.signOff.count({ where: { changeId: change.id } })).toBe(0)
  })

  it('refuses someone who is not a required approver', async () => {
    const { change } = await twoApproverChange()
    const outsider = await actorWith(['APPROVER'])
    await expect(recordSignOff(outsider, input(change, outsider))).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('refuses a signature that does not match the account name, and a one-word statement', async () => {
    const { avery, change } = await twoApproverChange()
    await expect(recordSignOff(avery, input(change, avery, { signature: 'Someone Else', statement: 'ok' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: {
        fieldErrors: {
          signature: [`The signature must match your account name exactly: ${avery.name}`],
          statement: [expect.stringContaining('too short')],
        },
      },
    })
    expect(await prisma.signOff.count({ where: { changeId: change.id } })).toBe(0)
  })

  it('refuses a sign-off for a revision that is no longer current, naming the current revision', async () => {
    const { avery, change } = await twoApproverChange()
    await prisma.changeRequest.update({ where: { id: change.id }, data: { revision: 2, fingerprint: 'f'.repeat(64) } })
    await expect(recordSignOff(avery, input(change, avery))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'The change was revised since you opened it — review revision 2 and sign again.',
    })
  })

  it('refuses a second decision on the same revision: sign-offs cannot be changed', async () => {
    const { avery, change } = await twoApproverChange()
    await recordSignOff(avery, input(change, avery))
    await expect(recordSignOff(avery, input(change, avery, { decision: 'REJECTED' }))).rejects.toMatchObject({ code: 'CONFLICT' })
  })

  it('keeps a draft unsignable: nothing has been submitted to sign', async () => {
    const requester = await actorWith(['REQUESTER'])
    const avery = await actorWith(['APPROVER'])
    const service = await createService({ ownerId: avery.id })
    const draft = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'DRAFT' })
    await expect(recordSignOff(avery, input({ ...draft, revision: 1, fingerprint: 'a'.repeat(64) }, avery))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('has not been submitted'),
    })
  })

  it('refuses a sign-off on an approved change: its approvers have all decided', async () => {
    const { avery, blake, change } = await twoApproverChange()
    await recordSignOff(avery, input(change, avery))
    await recordSignOff(blake, input(change, blake))
    const outsider = await actorWith(['CHANGE_MANAGER'])
    await prisma.changeApprover.create({ data: { changeId: change.id, userId: outsider.id, source: 'NOMINATED' } })
    await expect(recordSignOff(outsider, input(change, outsider))).rejects.toMatchObject({ code: 'CONFLICT' })
  })
})

describe('a sign-off is permanent, so its size is bounded before anything is written', () => {
  it('refuses a 1 MB statement with a field error and writes nothing', async () => {
    const { avery, change } = await twoApproverChange()
    const parsed = ZRecordSignOffInput.safeParse({
      changeId: change.id,
      revision: change.revision,
      fingerprint: change.fingerprint,
      decision: 'APPROVED',
      statement: `${STATEMENT} `.repeat(15_000),
      signature: avery.name,
    })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['statement', expect.stringMatching(/under 5000 characters/)]])
    expect(await prisma.signOff.count({ where: { changeId: change.id } })).toBe(0)
  })
})
