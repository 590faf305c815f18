// The admin side of approval policies against real PostgreSQL: groups,
// versioned policies and delegations, with the refusals that keep them sound.
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_RULES, type PolicyRules } from '@/lib/domain/approval-policy/policy-rules'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'
import { isAppError, type AppError } from '@/lib/server/errors'
import { createPolicy, getPolicy, listPolicies, savePolicyRules, setPolicyActive } from '@/lib/server/approval-policies/manage-policies'
import { ZSavePolicyRulesInput } from '@/lib/server/approval-policies/schemas'
import {
  addGroupMember,
  createApproverGroup,
  deleteApproverGroup,
  removeGroupMember,
  updateApproverGroup,
} from '@/lib/server/approver-groups/manage-approver-groups'
import { createDelegation, listCurrentDelegations, listDelegationsHeld, revokeDelegation } from '@/lib/server/delegations/manage-delegations'
import { ZCreateDelegationInput } from '@/lib/server/delegations/schemas'
import { uniqueSuffix } from '@/tests/factories'
import { createChange } from '@/tests/factories/change-requests'
import { actorWith } from './change-requests-support'

const DAY = 86_400_000

/** The AppError the call failed with; fails the test if it succeeded or threw anything else. */
async function refusal(call: () => Promise<unknown>): Promise<AppError> {
  try {
    await call()
  } catch (error) {
    if (isAppError(error)) return error
    throw error
  }
  throw new Error('expected a refusal')
}

let admin: Actor

beforeAll(async () => {
  admin = await actorWith(['ADMIN'])
  // This file's database is its own: start from no active policy, whatever the migrations inserted.
  await prisma.approvalPolicy.updateMany({ data: { active: false } })
})

/** A group with the given number of fresh approvers. */
async function groupWith(size: number) {
  const group = await createApproverGroup(admin, { name: `Security ${uniqueSuffix()}`, description: 'Reviews changes touching secrets.' })
  const members = []
  for (let i = 0; i < size; i++) {
    const member = await actorWith(['APPROVER'])
    await addGroupMember(admin, { groupId: group.id, userId: member.id })
    members.push(member)
  }
  return { id: group.id, members }
}

/** The rules editor's fields for the given rows. */
function editorFields(policyId: string, baseVersion: number, rows: Record<string, string | string[]>[]) {
  const fields: Record<string, string | string[]> = { policyId, baseVersion: String(baseVersion) }
  rows.forEach((row, i) => {
    for (const [key, value] of Object.entries({ stage: '1', groupId: '', n: '', ...row })) fields[`${key}-${i}`] = value
  })
  return ZSavePolicyRulesInput.parse(fields)
}

const ownersThenTwoOf = (groupId: string): PolicyRules => [
  { stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'ALL' } },
  { stage: 2, eligible: { kind: 'GROUP', groupId }, count: { mode: 'N_OF_M', n: 2 } },
]

describe('approval policies are versioned', () => {
  it('saving rules writes a new version, keeps the old one, and reads back in words', async () => {
    const group = await groupWith(3)
    const policy = await createPolicy(admin, { name: `High risk ${uniqueSuffix()}`, governs: 'HIGH', criticality: '' })
    const input = editorFields(policy.id, 1, [
      { who: 'SERVICE_OWNERS', count: 'ALL' },
      { stage: '2', who: 'GROUP', groupId: group.id, count: 'N_OF_M', n: '2' },
    ])
    expect(input.rules).toEqual(ownersThenTwoOf(group.id))
    expect(await savePolicyRules(admin, input)).toEqual({ version: 2 })

    const versions = await prisma.approvalPolicyVersion.findMany({ where: { policyId: policy.id }, orderBy: { version: 'asc' } })
    expect(versions.map((v) => [v.version, v.rules, v.createdById])).toEqual([
      [1, DEFAULT_RULES, admin.id],
      [2, ownersThenTwoOf(group.id), admin.id],
    ])
    const read = await getPolicy(admin, { policyId: policy.id })
    expect(read.currentVersion).toBe(2)
    const groupName = (await prisma.approverGroup.findUniqueOrThrow({ where: { id: group.id } })).name
    expect(read.rulesInWords).toBe(`all owners of the affected services, then 2 of the ${groupName} members`)
    expect(read.versions.map((v) => [v.version, v.createdBy, v.rulesInWords])).toEqual([
      [2, admin.name, `all owners of the affected services, then 2 of the ${groupName} members`],
      [1, admin.name, 'all owners of the affected services'],
    ])
    const audit = await prisma.auditEvent.findMany({ where: { entityType: 'policy', entityId: policy.id }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['policy.created', 'policy.revised'])
    await setPolicyActive(admin, { policyId: policy.id }, false)
  })

  it('refuses to save over a version someone else saved meanwhile, and refuses saving the same rules again', async () => {
    const policy = await createPolicy(admin, { name: `Medium ${uniqueSuffix()}`, governs: 'MEDIUM', criticality: '' })
    await savePolicyRules(admin, editorFields(policy.id, 1, [{ who: 'CHANGE_MANAGERS', count: 'ANY' }]))
    const stale = await refusal(() => savePolicyRules(admin, editorFields(policy.id, 1, [{ who: 'SERVICE_OWNERS', count: 'ANY' }])))
    expect(stale.code).toBe('CONFLICT')
    const same = await refusal(() => savePolicyRules(admin, editorFields(policy.id, 2, [{ who: 'CHANGE_MANAGERS', count: 'ANY' }])))
    expect(same.code).toBe('REFUSED')
    expect((await prisma.approvalPolicy.findUniqueOrThrow({ where: { id: policy.id } })).currentVersion).toBe(2)
    await setPolicyActive(admin, { policyId: policy.id }, false)
  })

  it('two admins saving over the same version at once: exactly one new version, the other told to reload', async () => {
    const policy = await createPolicy(admin, { name: `Raced ${uniqueSuffix()}`, governs: 'LOW', criticality: 'MEDIUM' })
    const other = await actorWith(['ADMIN'])
    const results = await Promise.allSettled([
      savePolicyRules(admin, editorFields(policy.id, 1, [{ who: 'CHANGE_MANAGERS', count: 'ANY' }])),
      savePolicyRules(other, editorFields(policy.id, 1, [{ who: 'SERVICE_OWNERS', count: 'ANY' }])),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const lost = results.find((r) => r.status === 'rejected')
    expect(lost?.status === 'rejected' && isAppError(lost.reason) ? lost.reason.code : null).toBe('CONFLICT')
    expect(await prisma.approvalPolicyVersion.count({ where: { policyId: policy.id } })).toBe(2)
    expect((await prisma.approvalPolicy.findUniqueOrThrow({ where: { id: policy.id } })).currentVersion).toBe(2)
    await setPolicyActive(admin, { policyId: policy.id }, false)
  })

  it('puts each rule problem beside its own input and writes nothing', async () => {
    const group = await groupWith(1)
    const [a, b] = [await actorWith(['APPROVER']), await actorWith(['APPROVER'])]
    const requester = await actorWith(['REQUESTER'])
    const policy = await createPolicy(admin, { name: `Low ${uniqueSuffix()}`, governs: 'LOW', criticality: '' })
    const error = await refusal(() =>
      savePolicyRules(
        admin,
        editorFields(policy.id, 1, [
          { who: 'USERS', userIds: [a.id, b.id], count: 'N_OF_M', n: '3' },
          { stage: '3', who: 'GROUP', groupId: group.id, count: 'N_OF_M', n: '2' },
          { who: 'USERS', userIds: [requester.id], count: 'ALL' },
        ]),
      ),
    )
    expect(error.code).toBe('INVALID_INPUT')
    expect(Object.keys(error.details.fieldErrors ?? {}).sort()).toEqual(['n-0', 'n-1', 'stage-1', 'userIds-2'])
    expect(await prisma.approvalPolicyVersion.count({ where: { policyId: policy.id } })).toBe(1)
    await setPolicyActive(admin, { policyId: policy.id }, false)
  })
})

describe('one active policy per kind of change', () => {
  it('refuses a second active policy governing the same changes, until the first is deactivated', async () => {
    const first = await createPolicy(admin, { name: `Critical high ${uniqueSuffix()}`, governs: 'HIGH', criticality: 'CRITICAL' })
    const clash = await refusal(() => createPolicy(admin, { name: `Another ${uniqueSuffix()}`, governs: 'HIGH', criticality: 'CRITICAL' }))
    expect(clash.code).toBe('CONFLICT')
    expect(clash.details.fieldErrors?.governs?.[0]).toMatch(/already governs high-risk changes/)
    // A narrower or wider policy is no clash: the most specific match wins when changes are submitted.
    const wider = await createPolicy(admin, { name: `All high ${uniqueSuffix()}`, governs: 'HIGH', criticality: '' })

    await setPolicyActive(admin, { policyId: first.id }, false)
    const second = await createPolicy(admin, { name: `Second ${uniqueSuffix()}`, governs: 'HIGH', criticality: 'CRITICAL' })
    expect((await refusal(() => setPolicyActive(admin, { policyId: first.id }, true))).code).toBe('CONFLICT')
    const listed = await listPolicies(admin)
    expect(listed.filter((p) => p.active && p.governs === 'High-risk changes whose most critical affected service is critical').map((p) => p.id)).toEqual([second.id])
    for (const id of [second.id, wider.id]) await setPolicyActive(admin, { policyId: id }, false)
  })

  it('an emergency policy ignores criticality, so a second one clashes whatever was chosen', async () => {
    const first = await createPolicy(admin, { name: `Emergency ${uniqueSuffix()}`, governs: 'EMERGENCY', criticality: '' })
    expect((await refusal(() => createPolicy(admin, { name: `Emergency 2 ${uniqueSuffix()}`, governs: 'EMERGENCY', criticality: 'LOW' }))).code).toBe('CONFLICT')
    const stored = await prisma.approvalPolicyVersion.findFirstOrThrow({ where: { policyId: first.id } })
    expect(stored.rules).toEqual([{ stage: 1, eligible: { kind: 'CHANGE_MANAGERS' }, count: { mode: 'ANY' } }])
    await setPolicyActive(admin, { policyId: first.id }, false)
  })
})

describe('approver groups', () => {
  it('names are unique whatever their case, and only people who can sign may join', async () => {
    const group = await groupWith(0)
    const name = (await prisma.approverGroup.findUniqueOrThrow({ where: { id: group.id } })).name
    expect((await refusal(() => createApproverGroup(admin, { name: name.toUpperCase(), description: '' }))).code).toBe('CONFLICT')
    await updateApproverGroup(admin, { groupId: group.id, name, description: 'New words.' })
    const requester = await actorWith(['REQUESTER'])
    const notSigner = await refusal(() => addGroupMember(admin, { groupId: group.id, userId: requester.id }))
    expect(notSigner.details.fieldErrors?.userId).toBeDefined()
    const gone = await actorWith(['APPROVER'])
    await prisma.user.update({ where: { id: gone.id }, data: { active: false } })
    expect((await refusal(() => addGroupMember(admin, { groupId: group.id, userId: gone.id }))).code).toBe('INVALID_INPUT')
  })

  it('refuses deletion while a current policy version or a change in flight relies on the group', async () => {
    const group = await groupWith(2)
    const requester = await actorWith(['REQUESTER'])
    const policy = await createPolicy(admin, { name: `Uses group ${uniqueSuffix()}`, governs: 'MEDIUM', criticality: 'HIGH' })
    await savePolicyRules(admin, editorFields(policy.id, 1, [{ who: 'GROUP', groupId: group.id, count: 'N_OF_M', n: '2' }]))

    const current = await refusal(() => deleteApproverGroup(admin, { groupId: group.id }))
    expect(current.code).toBe('REFUSED')
    expect(current.message).toMatch(/version 2 \(current\)/)

    // A change submitted under version 2 keeps it in use after the policy moves on.
    const v2 = await prisma.approvalPolicyVersion.findFirstOrThrow({ where: { policyId: policy.id, version: 2 } })
    const change = await createChange(prisma, { requesterId: requester.id, serviceIds: [], status: 'SUBMITTED' })
    await prisma.changeRequest.update({ where: { id: change.id }, data: { policyVersionId: v2.id } })
    await savePolicyRules(admin, editorFields(policy.id, 2, [{ who: 'SERVICE_OWNERS', count: 'ALL' }]))
    const inFlight = await refusal(() => deleteApproverGroup(admin, { groupId: group.id }))
    expect(inFlight.message).toMatch(/version 2 \(1 change in flight\)/)

    await prisma.changeRequest.update({ where: { id: change.id }, data: { status: 'CANCELLED', cancelReason: 'No longer needed.' } })
    await deleteApproverGroup(admin, { groupId: group.id })
    expect(await prisma.approverGroup.count({ where: { id: group.id } })).toBe(0)
    const audit = await prisma.auditEvent.findMany({ where: { entityType: 'approver-group', entityId: group.id }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['approver-group.created', 'approver-group.member-added', 'approver-group.member-added', 'approver-group.deleted'])
    await setPolicyActive(admin, { policyId: policy.id }, false)
  })

  it('refuses removing a member when an active policy would then ask for more members than remain', async () => {
    const group = await groupWith(2)
    const policy = await createPolicy(admin, { name: `Two of ${uniqueSuffix()}`, governs: 'LOW', criticality: 'HIGH' })
    await savePolicyRules(admin, editorFields(policy.id, 1, [{ who: 'GROUP', groupId: group.id, count: 'N_OF_M', n: '2' }]))
    const [first, second] = group.members
    if (!first || !second) throw new Error('two members expected')
    expect((await refusal(() => removeGroupMember(admin, { groupId: group.id, userId: first.id }))).code).toBe('REFUSED')
    await setPolicyActive(admin, { policyId: policy.id }, false)
    await removeGroupMember(admin, { groupId: group.id, userId: first.id })
    expect(await prisma.approverGroupMember.count({ where: { groupId: group.id } })).toBe(1)
  })

  it('counts only members who can still sign: a deactivated member does not make up the number', async () => {
    const group = await groupWith(3)
    const [gone, stays, leaving] = group.members
    if (!gone || !stays || !leaving) throw new Error('three members expected')
    const policy = await createPolicy(admin, { name: `Two of three ${uniqueSuffix()}`, governs: 'MEDIUM', criticality: 'LOW' })
    await savePolicyRules(admin, editorFields(policy.id, 1, [{ who: 'GROUP', groupId: group.id, count: 'N_OF_M', n: '2' }]))
    await prisma.user.update({ where: { id: gone.id }, data: { active: false } })
    // Three rows, but only two can sign: removing one of them would leave one.
    expect((await refusal(() => removeGroupMember(admin, { groupId: group.id, userId: leaving.id }))).code).toBe('REFUSED')
    await removeGroupMember(admin, { groupId: group.id, userId: gone.id })
    await setPolicyActive(admin, { policyId: policy.id }, false)
  })
})

describe('delegations', () => {
  const week = (fromDays: number) => ({ startsAt: new Date(Date.now() + fromDays * DAY), endsAt: new Date(Date.now() + (fromDays + 7) * DAY) })
  const fields = (delegateId: string, range: { startsAt: Date; endsAt: Date }) =>
    ZCreateDelegationInput.parse({
      delegateId,
      startsAtLocal: range.startsAt.toISOString().slice(0, 16),
      endsAtLocal: range.endsAt.toISOString().slice(0, 16),
      timeZone: 'UTC',
      note: 'Annual leave.',
    })

  it('creates, shows to the delegate and the admins, refuses an overlap, and revokes with an audit trail', async () => {
    const avery = await actorWith(['APPROVER'])
    const blake = await actorWith(['APPROVER'])
    const casey = await actorWith(['CHANGE_MANAGER'])
    const made = await createDelegation(avery, fields(blake.id, week(1)))
    expect(made.delegateName).toBe(blake.name)
    expect((await listDelegationsHeld(blake)).map((d) => d.delegator.name)).toEqual([avery.name])
    expect((await listCurrentDelegations(admin)).map((d) => d.id)).toContain(made.id)

    const overlap = await refusal(() => createDelegation(avery, fields(casey.id, week(3))))
    expect(overlap.details.fieldErrors?.startsAtLocal?.[0]).toContain(blake.name)

    await revokeDelegation(avery, { delegationId: made.id })
    expect((await refusal(() => revokeDelegation(avery, { delegationId: made.id }))).code).toBe('CONFLICT')
    await createDelegation(avery, fields(casey.id, week(3)))
    const audit = await prisma.auditEvent.findMany({ where: { entityType: 'delegation', actorId: avery.id }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['delegation.created', 'delegation.revoked', 'delegation.created'])
    expect(audit[1]?.details).toMatchObject({ delegatorName: avery.name, delegateName: blake.name })

    // The delegate is told, by mandatory e-mail too, when named and when revoked; the delegator is not told of their own act.
    const toBlake = await prisma.notification.findMany({ where: { userId: blake.id }, orderBy: { createdAt: 'asc' }, select: { message: true } })
    expect(toBlake.map((n) => n.message)).toEqual([
      expect.stringMatching(new RegExp(`^${avery.name} named you to sign in their place, .*UTC`)),
      `${avery.name} revoked the delegation: ${blake.name} no longer signs in ${avery.name}’s place.`,
    ])
    expect(await prisma.mailMessage.count({ where: { recipientId: blake.id, kind: 'delegation' } })).toBe(2)
    expect(await prisma.notification.count({ where: { userId: avery.id } })).toBe(0)
  })

  it('two overlapping delegations of one seat made at once: exactly one is kept', async () => {
    const avery = await actorWith(['APPROVER'])
    const [blake, casey] = [await actorWith(['APPROVER']), await actorWith(['APPROVER'])]
    const results = await Promise.allSettled([createDelegation(avery, fields(blake.id, week(1))), createDelegation(avery, fields(casey.id, week(2)))])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(await prisma.delegation.count({ where: { delegatorId: avery.id } })).toBe(1)
  })

  it('refuses chains in both directions', async () => {
    const avery = await actorWith(['APPROVER'])
    const blake = await actorWith(['APPROVER'])
    const casey = await actorWith(['APPROVER'])
    await createDelegation(blake, fields(casey.id, week(2)))
    // Blake is away (Casey stands in): Avery may not hand the seat to Blake for overlapping days…
    const toAway = await refusal(() => createDelegation(avery, fields(blake.id, week(5))))
    expect(toAway.details.fieldErrors?.delegateId?.[0]).toMatch(/does not chain/)
    // …and Casey, standing in for Blake, may not hand their own seat on meanwhile.
    const standIn = await refusal(() => createDelegation(casey, fields(avery.id, week(4))))
    expect(standIn.details.fieldErrors?.startsAtLocal?.[0]).toMatch(/does not chain/)
    // After Blake is back, both are fine.
    await createDelegation(avery, fields(blake.id, week(20)))
  })

  it('refuses self, a past start and someone else revoking', async () => {
    const avery = await actorWith(['APPROVER'])
    const blake = await actorWith(['APPROVER'])
    expect((await refusal(() => createDelegation(avery, fields(avery.id, week(1))))).details.fieldErrors?.delegateId).toBeDefined()
    expect((await refusal(() => createDelegation(avery, fields(blake.id, week(-2))))).details.fieldErrors?.startsAtLocal).toBeDefined()
    const made = await createDelegation(avery, fields(blake.id, week(1)))
    expect((await refusal(() => revokeDelegation(blake, { delegationId: made.id }))).code).toBe('NOT_FOUND')
    // An administrator may revoke anyone's (the audit trail says who did).
    await revokeDelegation(admin, { delegationId: made.id })
    const revoked = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: 'delegation', entityId: made.id, action: 'delegation.revoked' } })
    expect(revoked.actorId).toBe(admin.id)
    // Revoked by someone else: both people hear of it.
    expect(await prisma.notification.count({ where: { userId: avery.id, message: { startsWith: `${admin.name} revoked the delegation` } } })).toBe(1)
    expect(await prisma.notification.count({ where: { userId: blake.id, message: { startsWith: `${admin.name} revoked the delegation` } } })).toBe(1)
  })
})
