import { describe, expect, it } from 'vitest'
import type { PolicyRule } from '@/lib/domain/approval-policy/policy-rules'
import type { Actor } from '@/lib/domain/shared/types'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { updateChange } from '@/lib/server/change-requests/update-change'
import { prisma } from '@/lib/server/db'
import { evaluateGate } from '@/lib/server/lifecycle/gate'
import { loadChange } from '@/lib/server/lifecycle/change'
import { scheduleChange } from '@/lib/server/scheduling/schedule-change'
import { recordSignOff } from '@/lib/server/sign-offs/record-sign-off'
import { ZRecordSignOffInput } from '@/lib/server/sign-offs/schemas'
import { listAwaitingSignOff } from '@/lib/server/sign-offs/list-awaiting-sign-off'
import { createService } from '@/tests/factories'
import { createChange } from '@/tests/factories/change-requests'
import { signOff } from '@/tests/factories/sign-offs'
import { benignRiskAnswers, actorWith, failureCode, formFields, rowOf } from './change-requests-support'

const STATEMENT = 'I checked the implementation and rollback plans against our runbook.'
const HOUR = 3_600_000

/** Writes a new version of the migration's "High risk" policy, as an admin would. */
async function highRiskPolicy(rules: PolicyRule[]): Promise<string> {
  const policy = await prisma.approvalPolicy.findUniqueOrThrow({ where: { name: 'High risk' } })
  const version = await prisma.approvalPolicyVersion.create({ data: { policyId: policy.id, version: policy.currentVersion + 1, rules } })
  await prisma.approvalPolicy.update({ where: { id: policy.id }, data: { currentVersion: version.version } })
  return version.id
}

async function cabGroup(size: number) {
  const members = await Promise.all(Array.from({ length: size }, (_, i) => actorWith(['APPROVER'], { name: `Cab Member ${i} ${Math.random().toString(36).slice(2, 7)}` })))
  const group = await prisma.approverGroup.create({
    data: { name: `CAB ${Math.random().toString(36).slice(2, 9)}`, members: { create: members.map((m) => ({ userId: m.id })) } },
  })
  return { group, members }
}

/** A HIGH-risk change on two services (two owners) under "all owners, then 2 of the 3 CAB members". */
async function highRiskChange(stageTwo: PolicyRule['count'] = { mode: 'N_OF_M', n: 2 }) {
  const requester = await actorWith(['REQUESTER'])
  const owners = [await actorWith(['APPROVER']), await actorWith(['APPROVER'])]
  const services = await Promise.all(owners.map((o) => createService({ ownerId: o.id })))
  const cab = await cabGroup(3)
  const versionId = await highRiskPolicy([
    { stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'ALL' } },
    { stage: 2, eligible: { kind: 'GROUP', groupId: cab.group.id }, count: stageTwo },
  ])
  const submitted = await submitChange(requester, { fields: formFields({ serviceIds: services.map((s) => s.id), riskLevel: 'HIGH' }) })
  return { requester, owners, cab, versionId, submitted }
}

async function sign(signer: Actor, changeId: string, overrides: Record<string, unknown> = {}) {
  const row = await rowOf(changeId)
  return recordSignOff(
    signer,
    ZRecordSignOffInput.parse({ changeId, revision: row.revision, fingerprint: row.fingerprint, decision: 'APPROVED', statement: STATEMENT, signature: signer.name, ...overrides }),
  )
}

const gateSignOffReasons = async (changeId: string) => {
  const evaluation = await evaluateGate(prisma, await loadChange(prisma, changeId), { now: new Date() })
  return evaluation.gate.checks.find((c) => c.id === 'sign-offs')?.reasons.map((r) => r.message) ?? []
}

describe('submission under an approval policy', () => {
  it('writes the snapshot, the policy version and every eligible person as an approver; only the first stage is asked', async () => {
    const { owners, cab, versionId, submitted } = await highRiskChange()
    const change = await rowOf(submitted.id)
    expect(change.policyVersionId).toBe(versionId)
    const rules = await prisma.changeApprovalRule.findMany({ where: { changeId: submitted.id }, orderBy: { position: 'asc' } })
    expect(rules.map((r) => [r.stage, r.description, r.mode, r.required, [...r.eligibleIds].sort()])).toEqual([
      [1, 'all owners of the affected services', 'ALL', 2, owners.map((o) => o.id).sort()],
      [2, `2 of the 3 ${cab.group.name} members`, 'N_OF_M', 2, cab.members.map((m) => m.id).sort()],
    ])
    const approvers = await prisma.changeApprover.findMany({ where: { changeId: submitted.id } })
    expect(approvers.map((a) => [a.userId, a.source]).sort()).toEqual(
      [...owners.map((o) => [o.id, 'SERVICE_OWNER']), ...cab.members.map((m) => [m.id, 'POLICY'])].sort(),
    )
    const asked = await prisma.notification.findMany({ where: { changeId: submitted.id, message: { contains: 'for your sign-off' } } })
    expect(asked.map((n) => n.userId).sort()).toEqual(owners.map((o) => o.id).sort())
  })

  it('refuses submission when a rule cannot be filled, naming it', async () => {
    const requester = await actorWith(['REQUESTER'])
    const owner = await actorWith(['APPROVER'])
    const service = await createService({ ownerId: owner.id })
    const cab = await cabGroup(1)
    await highRiskPolicy([{ stage: 1, eligible: { kind: 'GROUP', groupId: cab.group.id }, count: { mode: 'N_OF_M', n: 2 } }])
    const refused = submitChange(requester, { fields: formFields({ serviceIds: [service.id], riskLevel: 'HIGH' }) })
    await expect(refused).rejects.toMatchObject({ details: { reasons: [expect.objectContaining({ code: 'policy-rule-unfillable', message: expect.stringMatching(/needs 2 of the CAB .* members, but only 1 person is eligible/) })] } })
  })

  it('an edit voids the sign-offs and re-resolves under the current policy version', async () => {
    const { owners, cab, submitted } = await highRiskChange()
    await sign(owners[0]!, submitted.id)
    const newer = await highRiskPolicy([{ stage: 1, eligible: { kind: 'GROUP', groupId: cab.group.id }, count: { mode: 'ANY' } }])
    const row = await rowOf(submitted.id)
    await updateChange(owners[0]!.roles.includes('CHANGE_MANAGER') ? owners[0]! : await actorWith(['CHANGE_MANAGER']), { changeId: submitted.id, version: row.version }, formFields({ serviceIds: (await prisma.changeService.findMany({ where: { changeId: submitted.id } })).map((s) => s.serviceId), riskLevel: 'HIGH', rollbackPlan: 'Restore from the snapshot taken before the change.' }))
    const after = await rowOf(submitted.id)
    expect(after).toMatchObject({ status: 'SUBMITTED', revision: 2, policyVersionId: newer })
    const rules = await prisma.changeApprovalRule.findMany({ where: { changeId: submitted.id } })
    expect(rules.map((r) => r.description)).toEqual([`any one of the ${cab.group.name} members`])
  })
})

describe('the gate and sign-offs under stages, quorum and veto', () => {
  it('refuses to schedule until the policy holds; a later stage is not asked before the earlier one holds', async () => {
    const { owners, cab, submitted } = await highRiskChange()
    const manager = await actorWith(['CHANGE_MANAGER'])
    expect(await failureCode(() => sign(cab.members[0]!, submitted.id))).toBe('REFUSED')
    await expect(sign(cab.members[0]!, submitted.id)).rejects.toThrow(/stage 2 .*not asked yet/)
    const first = await gateSignOffReasons(submitted.id)
    expect(first[0]).toMatch(new RegExp(`^Awaiting sign-off from (${owners[0]!.name}, ${owners[1]!.name}|${owners[1]!.name}, ${owners[0]!.name})\\.$`))
    expect(first.slice(1)).toEqual([
      'Awaiting 2 more approvals for all owners of the affected services (0 of 2 so far).',
      `Awaiting 2 more approvals for 2 of the 3 ${cab.group.name} members (0 of 2 so far). Stage 2 is asked once the earlier stages hold.`,
    ])

    await sign(owners[0]!, submitted.id)
    await sign(owners[1]!, submitted.id)
    // Stage 1 completed: the CAB is asked now.
    const asked = await prisma.notification.findMany({ where: { changeId: submitted.id, message: { contains: 'passed its earlier approval stage' }, userId: { in: cab.members.map((m) => m.id) } } })
    expect(asked).toHaveLength(3)
    await sign(cab.members[0]!, submitted.id)
    expect((await rowOf(submitted.id)).status).toBe('SUBMITTED')
    expect(await gateSignOffReasons(submitted.id)).toEqual([`Awaiting 1 more approval for 2 of the 3 ${cab.group.name} members (1 of 2 so far).`])
    await expect(scheduleChange(manager, { changeId: submitted.id, acknowledgedConflictIds: [], acknowledgeCrowding: false })).rejects.toMatchObject({ code: 'REFUSED' })

    await expect(sign(cab.members[2]!, submitted.id)).resolves.toMatchObject({ status: 'APPROVED' })
    expect(await gateSignOffReasons(submitted.id)).toEqual([])
    await scheduleChange(manager, { changeId: submitted.id, acknowledgedConflictIds: [], acknowledgeCrowding: false })
    expect((await rowOf(submitted.id)).status).toBe('SCHEDULED')
  })

  it('a rejection by any eligible approver is a veto, even with the quorum met', async () => {
    const { owners, cab, submitted } = await highRiskChange({ mode: 'ANY' })
    await sign(owners[0]!, submitted.id)
    await sign(owners[1]!, submitted.id)
    // ANY: the first CAB approval approves the change at once.
    await expect(sign(cab.members[0]!, submitted.id)).resolves.toMatchObject({ status: 'APPROVED' })
    const { owners: o2, cab: cab2, submitted: second } = await highRiskChange({ mode: 'N_OF_M', n: 2 })
    await sign(o2[0]!, second.id)
    await sign(o2[1]!, second.id)
    await sign(cab2.members[0]!, second.id)
    await expect(sign(cab2.members[1]!, second.id, { decision: 'REJECTED', statement: 'The rollback plan was never rehearsed in staging.' })).resolves.toMatchObject({
      status: 'REJECTED',
    })
  })

  it('concurrent sign-offs reaching the quorum approve exactly once', async () => {
    const { owners, cab, submitted } = await highRiskChange({ mode: 'N_OF_M', n: 2 })
    await sign(owners[0]!, submitted.id)
    await sign(owners[1]!, submitted.id)
    const results = await Promise.allSettled(cab.members.map((m) => sign(m, submitted.id)))
    const fulfilled = results.filter((r) => r.status === 'fulfilled')
    // Two approvals are the quorum; the third either lands first or finds the change already approved.
    expect(fulfilled.length).toBeGreaterThanOrEqual(2)
    expect((await rowOf(submitted.id)).status).toBe('APPROVED')
    const approvals = await prisma.auditEvent.count({ where: { changeId: submitted.id, action: 'change.approved' } })
    expect(approvals).toBe(1)
    const decisions = await prisma.notification.findMany({ where: { changeId: submitted.id, message: { contains: 'can be scheduled' } } })
    expect(decisions).toHaveLength(1)
  })
})

describe('delegation', () => {
  async function delegated(window: { startsAt: Date; endsAt: Date; revokedAt?: Date }) {
    const requester = await actorWith(['REQUESTER'])
    const avery = await actorWith(['APPROVER'], { name: `Avery Approver ${Math.random().toString(36).slice(2, 6)}` })
    const blake = await actorWith(['APPROVER'], { name: `Blake Approver ${Math.random().toString(36).slice(2, 6)}` })
    const service = await createService({ ownerId: avery.id })
    await prisma.delegation.create({ data: { delegatorId: avery.id, delegateId: blake.id, ...window } })
    const submitted = await submitChange(requester, { fields: formFields({ serviceIds: [service.id], riskAnswers: await benignRiskAnswers() }) })
    return { requester, avery, blake, submitted }
  }
  const now = () => Date.now()

  it('a delegate signs in the absent approver’s seat, recorded with both names', async () => {
    const { avery, blake, submitted } = await delegated({ startsAt: new Date(now() - HOUR), endsAt: new Date(now() + 24 * HOUR) })
    await expect(sign(blake, submitted.id)).rejects.toThrow(/not a required approver/)
    await expect(sign(blake, submitted.id, { onBehalfOfId: avery.id })).resolves.toMatchObject({ status: 'APPROVED' })
    const [row] = await prisma.signOff.findMany({ where: { changeId: submitted.id } })
    expect(row).toMatchObject({ approverId: avery.id, delegateId: blake.id, signature: blake.name })
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { changeId: submitted.id, action: 'signoff.recorded' } })
    expect(audit.actorId).toBe(blake.id)
    expect(audit.details).toMatchObject({ onBehalfOf: { userId: avery.id, name: avery.name }, signedBy: `${blake.name} on behalf of ${avery.name}` })
    // The delegate's inbox listed the change during the delegation; now it is approved, nobody's does.
    expect((await listAwaitingSignOff(blake)).items).toEqual([])
  })

  it('the delegate sees the change in their inbox during the delegation only', async () => {
    const { blake, submitted } = await delegated({ startsAt: new Date(now() - HOUR), endsAt: new Date(now() + 24 * HOUR) })
    expect((await listAwaitingSignOff(blake)).items.map((i) => i.id)).toEqual([submitted.id])
    const { blake: later } = await delegated({ startsAt: new Date(now() + 24 * HOUR), endsAt: new Date(now() + 48 * HOUR) })
    expect((await listAwaitingSignOff(later)).items).toEqual([])
  })

  it('refuses outside the window and once revoked', async () => {
    const future = await delegated({ startsAt: new Date(now() + HOUR), endsAt: new Date(now() + 24 * HOUR) })
    await expect(sign(future.blake, future.submitted.id, { onBehalfOfId: future.avery.id })).rejects.toThrow(/not a required approver|running delegation/)
    const revoked = await delegated({ startsAt: new Date(now() - HOUR), endsAt: new Date(now() + 24 * HOUR), revokedAt: new Date(now() - 60_000) })
    await expect(sign(revoked.blake, revoked.submitted.id, { onBehalfOfId: revoked.avery.id })).rejects.toThrow(/not a required approver|running delegation/)
    expect(await prisma.signOff.count({ where: { changeId: { in: [future.submitted.id, revoked.submitted.id] } } })).toBe(0)
  })

  it('does not chain, and never lets the requester sign their own change', async () => {
    const { avery, blake, submitted, requester } = await delegated({ startsAt: new Date(now() - HOUR), endsAt: new Date(now() + 24 * HOUR) })
    const casey = await actorWith(['APPROVER'])
    await prisma.delegation.create({ data: { delegatorId: blake.id, delegateId: casey.id, startsAt: new Date(now() - HOUR), endsAt: new Date(now() + 24 * HOUR) } })
    await expect(sign(casey, submitted.id, { onBehalfOfId: avery.id })).rejects.toThrow(/not a required approver|running delegation/)
    // The requester holding the owner's delegation still cannot sign the change they raised.
    await prisma.delegation.create({ data: { delegatorId: avery.id, delegateId: requester.id, startsAt: new Date(now() - HOUR), endsAt: new Date(now() + 24 * HOUR) } })
    const requesterAsApprover = { ...requester, roles: ['REQUESTER', 'APPROVER'] as Actor['roles'] }
    await expect(sign(requesterAsApprover, submitted.id, { onBehalfOfId: avery.id })).rejects.toThrow(/You raised this change/)
    expect(await prisma.signOff.count({ where: { changeId: submitted.id } })).toBe(0)
  })
})

// Whatever writes the rows, PostgreSQL refuses a SCHEDULED change whose snapshot rules do not hold.
describe('the backstop holds for every policy shape', () => {
  async function arranged() {
    const requester = await actorWith(['REQUESTER'])
    const owner = await actorWith(['APPROVER'])
    const service = await createService({ ownerId: owner.id })
    const change = await createChange(prisma, { requesterId: requester.id, serviceIds: [service.id], status: 'SUBMITTED' })
    const fingerprint = change.fingerprint ?? ''
    // The owners' rule (position 1) holds; the rule under test is position 2.
    await signOff(prisma, { changeId: change.id, approverId: owner.id, revisionNumber: 1, fingerprint })
    const people = await Promise.all([0, 1, 2].map(() => actorWith(['APPROVER'])))
    const ids = people.map((p) => p.id)
    const rule = (data: { stage?: number; mode: 'ALL' | 'ANY' | 'N_OF_M'; required: number; eligibleIds?: string[] }) =>
      prisma.changeApprovalRule.create({ data: { changeId: change.id, position: 2, stage: data.stage ?? 1, description: 'rule under test', mode: data.mode, required: data.required, eligibleIds: data.eligibleIds ?? ids } })
    const approve = (approverId: string, extra: { decision?: 'APPROVED' | 'REJECTED' } = {}) => signOff(prisma, { changeId: change.id, approverId, revisionNumber: 1, fingerprint, ...extra })
    const schedule = () => prisma.$executeRaw`UPDATE "ChangeRequest" SET status = 'SCHEDULED' WHERE id = ${change.id}::uuid`
    return { requester, owner, change, ids, rule, approve, schedule, fingerprint }
  }
  const REFUSED = /cannot be SCHEDULED/

  it('ALL: every eligible seat', async () => {
    const a = await arranged()
    await a.rule({ mode: 'ALL', required: 3 })
    await a.approve(a.ids[0]!)
    await a.approve(a.ids[1]!)
    await expect(a.schedule()).rejects.toThrow(/from rule under test/)
    await a.approve(a.ids[2]!)
    await expect(a.schedule()).resolves.toBe(1)
  })

  it('ANY: one eligible seat; an outsider’s approval never counts', async () => {
    const a = await arranged()
    await a.rule({ mode: 'ANY', required: 1, eligibleIds: a.ids.slice(0, 2) })
    await a.approve(a.ids[2]!)
    await expect(a.schedule()).rejects.toThrow(REFUSED)
    await a.approve(a.ids[1]!)
    await expect(a.schedule()).resolves.toBe(1)
  })

  it('N of M: N distinct eligible seats; the constraint refuses a rule asking for more than M', async () => {
    const a = await arranged()
    await expect(a.rule({ mode: 'N_OF_M', required: 4 })).rejects.toThrow(/ChangeApprovalRule_required_fits/)
    // Listed twice, one person is still one seat.
    await a.rule({ mode: 'N_OF_M', required: 2, eligibleIds: [a.ids[0]!, a.ids[0]!, a.ids[1]!] })
    await a.approve(a.ids[0]!)
    await expect(a.schedule()).rejects.toThrow(REFUSED)
    await a.approve(a.ids[1]!)
    await expect(a.schedule()).resolves.toBe(1)
  })

  it('stages: a later stage met does not make up for an earlier one', async () => {
    const a = await arranged()
    await a.rule({ stage: 2, mode: 'ANY', required: 1 })
    await prisma.changeApprovalRule.create({ data: { changeId: a.change.id, position: 3, stage: 1, description: 'stage one', mode: 'ALL', required: 1, eligibleIds: [(await actorWith(['APPROVER'])).id] } })
    await a.approve(a.ids[0]!)
    await expect(a.schedule()).rejects.toThrow(/from stage one/)
  })

  it('veto: any eligible seat’s latest rejection blocks, even with the quorum met', async () => {
    const a = await arranged()
    await a.rule({ mode: 'N_OF_M', required: 2 })
    await a.approve(a.ids[0]!)
    await a.approve(a.ids[1]!)
    await a.approve(a.ids[2]!, { decision: 'REJECTED' })
    await expect(a.schedule()).rejects.toThrow(/an approver rejects/)
  })

  it('delegate seat: counts only under a delegation that ran when it was signed, never by the requester', async () => {
    const a = await arranged()
    await a.rule({ mode: 'ANY', required: 1, eligibleIds: [a.ids[0]!] })
    const delegate = await actorWith(['APPROVER'])
    // One decision per seat and revision: each attempt is a later revision of the same content.
    const seatSignOff = (delegateId: string, revisionNumber: number) =>
      prisma.signOff.create({ data: { changeId: a.change.id, approverId: a.ids[0]!, delegateId, decision: 'APPROVED', statement: STATEMENT, signature: 'x', revisionNumber, fingerprint: a.fingerprint } })
    await seatSignOff(delegate.id, 1)
    await expect(a.schedule()).rejects.toThrow(REFUSED)
    await prisma.delegation.create({ data: { delegatorId: a.ids[0]!, delegateId: a.requester.id, startsAt: new Date(now() - HOUR), endsAt: new Date(now() + HOUR) } })
    await seatSignOff(a.requester.id, 2)
    await expect(a.schedule()).rejects.toThrow(REFUSED)
    await prisma.delegation.create({ data: { delegatorId: a.ids[0]!, delegateId: delegate.id, startsAt: new Date(now() - 2 * HOUR), endsAt: new Date(now() + HOUR) } })
    await seatSignOff(delegate.id, 3)
    await expect(a.schedule()).resolves.toBe(1)
  })

  it('never with the requester among the eligible', async () => {
    const a = await arranged()
    await a.rule({ mode: 'ANY', required: 1, eligibleIds: [a.requester.id] })
    await a.approve(a.requester.id)
    await expect(a.schedule()).rejects.toThrow(/requester is among its approvers/)
  })

  it('under an emergency policy (no owners rule) the owners need not be eligible', async () => {
    const a = await arranged()
    const emergency = await prisma.approvalPolicyVersion.findFirstOrThrow({ where: { policy: { name: 'Emergency' } } })
    await prisma.changeApprovalRule.deleteMany({ where: { changeId: a.change.id } })
    const manager = await actorWith(['CHANGE_MANAGER'])
    await prisma.changeApprovalRule.create({ data: { changeId: a.change.id, position: 1, stage: 1, description: 'any one of the change managers', mode: 'ANY', required: 1, eligibleIds: [manager.id] } })
    await a.approve(manager.id)
    await expect(a.schedule()).rejects.toThrow(/owner of an affected service/)
    await prisma.changeRequest.update({ where: { id: a.change.id }, data: { policyVersionId: emergency.id } })
    await expect(a.schedule()).resolves.toBe(1)
  })
})

function now() {
  return Date.now()
}
