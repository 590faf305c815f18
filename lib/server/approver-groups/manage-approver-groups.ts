import 'server-only'
import type { PolicyRules } from '@/lib/domain/approval-policy/policy-rules'
import { groupSizeProblems, rulesReferToGroup } from '@/lib/domain/approval-policy/policy-validation'
import type { Actor, ChangeStatus, Person } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { prisma, type Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { isUniqueViolation } from '@/lib/server/services/manage-services'
import { runTransaction } from '@/lib/server/transaction'
import { listSigners, lockApprovalPolicies, readRules, SIGNER_WHERE } from '@/lib/server/approval-policies/shared'
import type { TApproverGroupIdInput, TCreateApproverGroupInput, TGroupMemberInput, TUpdateApproverGroupInput } from './schemas'

const NAME_TAKEN = 'An approver group with this name already exists.'
const nameTaken = () => new AppError('CONFLICT', NAME_TAKEN, { fieldErrors: { name: [NAME_TAKEN] } })
const missing = () => new AppError('NOT_FOUND', 'This approver group does not exist.')

/** Changes still moving towards their window: their approval rules were resolved from the version they were submitted under. */
const IN_FLIGHT: ChangeStatus[] = ['SUBMITTED', 'APPROVED', 'SCHEDULED', 'IN_PROGRESS']

export type ApproverGroupItem = { id: string; name: string; description: string; members: (Person & { active: boolean })[]; usedBy: string[] }

/** Case-insensitive, like service names, compared with lower() = (no LIKE wildcards). */
async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "ApproverGroup"
    WHERE lower("name") = lower(${name}) AND (${exceptId ?? null}::uuid IS NULL OR "id" <> ${exceptId ?? null}::uuid)
    LIMIT 1`
  if (clash.length > 0) throw nameTaken()
}

type VersionInUse = { policyName: string; version: number; current: boolean; inFlight: number; rules: PolicyRules }

/**
 * The policy versions in use: the current version of every active policy (new
 * submissions use it) and any version a change in flight was submitted under.
 */
async function versionsInUse(tx: Pick<Tx, 'approvalPolicyVersion'>): Promise<VersionInUse[]> {
  const versions = await tx.approvalPolicyVersion.findMany({
    select: {
      version: true,
      rules: true,
      policy: { select: { name: true, active: true, currentVersion: true } },
      _count: { select: { changes: { where: { status: { in: IN_FLIGHT } } } } },
    },
    orderBy: [{ policyId: 'asc' }, { version: 'asc' }],
  })
  return versions.flatMap((v) => {
    const rules = readRules(v.rules)
    const current = v.policy.active && v.version === v.policy.currentVersion
    if (!rules || !(current || v._count.changes > 0)) return []
    return [{ policyName: v.policy.name, version: v.version, current, inFlight: v._count.changes, rules }]
  })
}

const usingGroup = (versions: readonly VersionInUse[], groupId: string) => versions.filter((v) => rulesReferToGroup(v.rules, groupId))
const policyNames = (versions: readonly VersionInUse[]) => [...new Set(versions.map((v) => v.policyName))]

export async function listApproverGroups(actor: Actor): Promise<ApproverGroupItem[]> {
  assertCan(actor, 'approver-group:manage')
  const groups = await prisma.approverGroup.findMany({
    orderBy: { name: 'asc' },
    select: { id: true, name: true, description: true, members: { select: { user: { select: { id: true, name: true, active: true } } }, orderBy: { user: { name: 'asc' } } } },
  })
  const inUse = await versionsInUse(prisma)
  return groups.map((g) => ({ id: g.id, name: g.name, description: g.description, members: g.members.map((m) => m.user), usedBy: policyNames(usingGroup(inUse, g.id)) }))
}

export async function getApproverGroup(actor: Actor, input: TApproverGroupIdInput): Promise<ApproverGroupItem> {
  assertCan(actor, 'approver-group:manage')
  const group = await prisma.approverGroup.findUnique({
    where: { id: input.groupId },
    select: { id: true, name: true, description: true, members: { select: { user: { select: { id: true, name: true, active: true } } }, orderBy: { user: { name: 'asc' } } } },
  })
  if (!group) throw missing()
  const usedBy = policyNames(usingGroup(await versionsInUse(prisma), group.id))
  return { id: group.id, name: group.name, description: group.description, members: group.members.map((m) => m.user), usedBy }
}

/** Who may join a group: people who can sign off. */
export async function listGroupCandidates(actor: Actor): Promise<Person[]> {
  assertCan(actor, 'approver-group:manage')
  return listSigners(prisma)
}

export async function createApproverGroup(actor: Actor, input: TCreateApproverGroupInput): Promise<{ id: string }> {
  assertCan(actor, 'approver-group:manage')
  try {
    return await runTransaction(async (tx) => {
      await assertNameFree(tx, input.name)
      const group = await tx.approverGroup.create({ data: input, select: { id: true } })
      await recordAudit(tx, [{ action: 'approver-group.created', actorId: actor.id, entityType: 'approver-group', entityId: group.id, details: { groupId: group.id, name: input.name } }])
      return group
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken()
    throw error
  }
}

export async function updateApproverGroup(actor: Actor, input: TUpdateApproverGroupInput): Promise<void> {
  assertCan(actor, 'approver-group:manage')
  const { groupId, ...data } = input
  try {
    await runTransaction(async (tx) => {
      const before = await tx.approverGroup.findUnique({ where: { id: groupId }, select: { name: true, description: true } })
      if (!before) throw missing()
      await assertNameFree(tx, data.name, groupId)
      const fields = (['name', 'description'] as const).filter((f) => before[f] !== data[f])
      if (fields.length === 0) return
      await tx.approverGroup.update({ where: { id: groupId }, data })
      await recordAudit(tx, [{ action: 'approver-group.updated', actorId: actor.id, entityType: 'approver-group', entityId: groupId, details: { groupId, name: data.name, fields } }])
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken()
    throw error
  }
}

/** Membership changes apply to changes submitted afterwards; changes in flight keep the people resolved at submission. */
export async function addGroupMember(actor: Actor, input: TGroupMemberInput): Promise<{ userName: string }> {
  assertCan(actor, 'approver-group:manage')
  return runTransaction(async (tx) => {
    await lockApprovalPolicies(tx)
    const group = await tx.approverGroup.findUnique({ where: { id: input.groupId }, select: { id: true, name: true } })
    if (!group) throw missing()
    const user = await tx.user.findFirst({ where: { id: input.userId, ...SIGNER_WHERE }, select: { id: true, name: true } })
    if (!user) throw new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors: { userId: ['Choose an active approver or change manager from the list.'] } })
    const existing = await tx.approverGroupMember.findUnique({ where: { groupId_userId: { groupId: group.id, userId: user.id } }, select: { userId: true } })
    if (existing) throw new AppError('CONFLICT', `${user.name} is already a member of ${group.name}.`, { fieldErrors: { userId: [`${user.name} is already a member.`] } })
    await tx.approverGroupMember.create({ data: { groupId: group.id, userId: user.id } })
    await recordAudit(tx, [
      { action: 'approver-group.member-added', actorId: actor.id, entityType: 'approver-group', entityId: group.id, details: { groupId: group.id, name: group.name, userId: user.id, userName: user.name } },
    ])
    return { userName: user.name }
  })
}

/** Refused when an active policy would then ask for more members than the group has (or draw on an empty group). */
export async function removeGroupMember(actor: Actor, input: TGroupMemberInput): Promise<{ userName: string }> {
  assertCan(actor, 'approver-group:manage')
  return runTransaction(async (tx) => {
    await lockApprovalPolicies(tx)
    const group = await tx.approverGroup.findUnique({ where: { id: input.groupId }, select: { id: true, name: true } })
    if (!group) throw missing()
    const member = await tx.approverGroupMember.findUnique({
      where: { groupId_userId: { groupId: group.id, userId: input.userId } },
      select: { user: { select: { id: true, name: true } } },
    })
    if (!member) throw new AppError('NOT_FOUND', 'This person is not a member of the group.')
    // Counted like the rules editor counts: members who can sign, apart from the one leaving.
    const size = await tx.approverGroupMember.count({ where: { groupId: group.id, userId: { not: input.userId }, user: SIGNER_WHERE } })
    const broken = usingGroup(await versionsInUse(tx), group.id).filter((v) => v.current && groupSizeProblems(v.rules, group.id, size).length > 0)
    if (broken.length > 0) {
      const names = broken.map((v) => `"${v.policyName}"`).join(', ')
      throw new AppError('REFUSED', `${group.name} would have ${size} ${size === 1 ? 'member' : 'members'}, fewer than ${names} needs. Change that policy first, or add someone before removing ${member.user.name}.`)
    }
    await tx.approverGroupMember.delete({ where: { groupId_userId: { groupId: group.id, userId: input.userId } } })
    await recordAudit(tx, [
      {
        action: 'approver-group.member-removed',
        actorId: actor.id,
        entityType: 'approver-group',
        entityId: group.id,
        details: { groupId: group.id, name: group.name, userId: member.user.id, userName: member.user.name },
      },
    ])
    return { userName: member.user.name }
  })
}

/** Refused while a policy version in use draws on the group; the reason names the policies. */
export async function deleteApproverGroup(actor: Actor, input: TApproverGroupIdInput): Promise<{ name: string }> {
  assertCan(actor, 'approver-group:manage')
  return runTransaction(async (tx) => {
    await lockApprovalPolicies(tx)
    const group = await tx.approverGroup.findUnique({ where: { id: input.groupId }, select: { id: true, name: true } })
    if (!group) throw missing()
    const uses = usingGroup(await versionsInUse(tx), group.id)
    if (uses.length > 0) {
      const described = uses.map((u) => `"${u.policyName}" version ${u.version}${u.current ? ' (current)' : ''}${u.inFlight > 0 ? ` (${u.inFlight} ${u.inFlight === 1 ? 'change' : 'changes'} in flight)` : ''}`)
      throw new AppError('REFUSED', `${group.name} cannot be deleted: ${described.join('; ')} ${uses.length === 1 ? 'relies' : 'rely'} on it. Change those policies first; versions stay in use until their changes finish.`)
    }
    await tx.approverGroup.delete({ where: { id: group.id } })
    await recordAudit(tx, [{ action: 'approver-group.deleted', actorId: actor.id, entityType: 'approver-group', entityId: group.id, details: { groupId: group.id, name: group.name } }])
    return { name: group.name }
  })
}
