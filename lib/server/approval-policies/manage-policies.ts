import 'server-only'
import { DEFAULT_RULES, EMERGENCY_RULES, ZPolicyRules, policyInWords, type PolicyRules, type RuleNames } from '@/lib/domain/approval-policy/policy-rules'
import {
  governanceClash,
  governanceInWords,
  governanceOf,
  policyRulesProblems,
  referencedIds,
  type Governance,
  type RuleProblem,
} from '@/lib/domain/approval-policy/policy-validation'
import type { Actor, Person } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { prisma, type Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { isUniqueViolation } from '@/lib/server/services/manage-services'
import { runTransaction } from '@/lib/server/transaction'
import { ruleField, ZCreatePolicyInput, type TCreatePolicyInput, type TPolicyIdInput, type TSavePolicyRulesInput } from './schemas'
import { listSigners, lockApprovalPolicies, readRules, ruleNames, SIGNER_WHERE } from './shared'
import { parseInput } from '@/lib/server/validation'

export type PolicyItem = {
  id: string
  name: string
  governance: Governance
  governs: string
  active: boolean
  currentVersion: number
  /** Null when the stored rules no longer parse (the page says so). */
  rules: PolicyRules | null
  rulesInWords: string
}

export type PolicyVersionItem = { version: number; createdAt: Date; createdBy: string | null; rulesInWords: string }

const UNREADABLE = 'These rules could not be read; save new rules to replace them.'
const missing = () => new AppError('NOT_FOUND', 'This approval policy does not exist.')
const NAME_TAKEN = 'An approval policy with this name already exists.'
const nameTaken = () => new AppError('CONFLICT', NAME_TAKEN, { fieldErrors: { name: [NAME_TAKEN] } })

const POLICY_FIELDS = { id: true, name: true, changeType: true, riskLevel: true, criticality: true, active: true, currentVersion: true } as const

function inWords(rules: PolicyRules | null, names: RuleNames): string {
  return rules ? policyInWords(rules, names) : UNREADABLE
}

/** Every policy with its current rules in words: active ones first, then by name. */
export async function listPolicies(actor: Actor): Promise<PolicyItem[]> {
  assertCan(actor, 'policy:manage')
  const policies = await prisma.approvalPolicy.findMany({ select: POLICY_FIELDS, orderBy: [{ active: 'desc' }, { name: 'asc' }] })
  if (policies.length === 0) return []
  const current = await prisma.approvalPolicyVersion.findMany({
    where: { OR: policies.map((p) => ({ policyId: p.id, version: p.currentVersion })) },
    select: { policyId: true, rules: true },
  })
  const rulesOf = new Map(current.map((v) => [v.policyId, readRules(v.rules)]))
  const names = await ruleNames(prisma, [...rulesOf.values()].filter((r): r is PolicyRules => r !== null))
  return policies.map((p) => {
    const rules = rulesOf.get(p.id) ?? null
    const governance = { changeType: p.changeType, riskLevel: p.riskLevel, criticality: p.criticality }
    return { id: p.id, name: p.name, governance, governs: governanceInWords(governance), active: p.active, currentVersion: p.currentVersion, rules, rulesInWords: inWords(rules, names) }
  })
}

/** One policy with its whole version history, newest first. */
export async function getPolicy(actor: Actor, input: TPolicyIdInput): Promise<PolicyItem & { versions: PolicyVersionItem[] }> {
  assertCan(actor, 'policy:manage')
  const policy = await prisma.approvalPolicy.findUnique({
    where: { id: input.policyId },
    select: { ...POLICY_FIELDS, versions: { orderBy: { version: 'desc' }, select: { version: true, rules: true, createdAt: true, createdBy: { select: { name: true } } } } },
  })
  if (!policy) throw missing()
  const versions = policy.versions.map((v) => ({ ...v, parsed: readRules(v.rules) }))
  const names = await ruleNames(prisma, versions.flatMap((v) => (v.parsed ? [v.parsed] : [])))
  const rules = versions.find((v) => v.version === policy.currentVersion)?.parsed ?? null
  const governance = { changeType: policy.changeType, riskLevel: policy.riskLevel, criticality: policy.criticality }
  return {
    id: policy.id,
    name: policy.name,
    governance,
    governs: governanceInWords(governance),
    active: policy.active,
    currentVersion: policy.currentVersion,
    rules,
    rulesInWords: inWords(rules, names),
    versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt, createdBy: v.createdBy?.name ?? null, rulesInWords: inWords(v.parsed, names) })),
  }
}

/** What the rules editor offers: groups (with how many can sign in each) and people who can sign. */
export async function listRuleChoices(actor: Actor): Promise<{ groups: (Person & { size: number })[]; signers: Person[] }> {
  assertCan(actor, 'policy:manage')
  const [groups, signers] = await Promise.all([
    prisma.approverGroup.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, _count: { select: { members: { where: { user: SIGNER_WHERE } } } } } }),
    listSigners(prisma),
  ])
  return { groups: groups.map((g) => ({ id: g.id, name: g.name, size: g._count.members })), signers }
}

async function assertGovernanceFree(tx: Tx, governance: Governance, exceptId?: string): Promise<void> {
  const active = await tx.approvalPolicy.findMany({ where: { active: true }, select: POLICY_FIELDS })
  const clash = governanceClash(governance, active, exceptId)
  if (clash) {
    const message = `"${clash.name}" already governs ${governanceInWords(governance).toLowerCase()}: edit or deactivate it instead.`
    throw new AppError('CONFLICT', message, { fieldErrors: { governs: [message] } })
  }
}

async function assertNameFree(tx: Tx, name: string): Promise<void> {
  const clash = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "ApprovalPolicy" WHERE lower("name") = lower(${name}) LIMIT 1`
  if (clash.length > 0) throw nameTaken()
}

/** Refuses rules that name groups or people who do not exist (or cannot sign), ask for more than there are, or skip a stage. */
async function assertRulesHold(tx: Tx, rules: PolicyRules): Promise<void> {
  const ids = referencedIds(rules)
  const [groups, signers] = await Promise.all([
    tx.approverGroup.findMany({ where: { id: { in: ids.groupIds } }, select: { id: true, _count: { select: { members: { where: { user: SIGNER_WHERE } } } } } }),
    tx.user.findMany({ where: { id: { in: ids.userIds }, ...SIGNER_WHERE }, select: { id: true } }),
  ])
  const problems = policyRulesProblems(rules, { groupSizes: new Map(groups.map((g) => [g.id, g._count.members])), signerIds: new Set(signers.map((s) => s.id)) })
  if (problems.length > 0) throw new AppError('INVALID_INPUT', 'Some rules need attention.', { fieldErrors: rowErrors(problems) })
}

function rowErrors(problems: readonly RuleProblem[]): Partial<Record<string, string[]>> {
  const errors: Partial<Record<string, string[]>> = {}
  for (const p of problems) (errors[ruleField(p.field, p.rule)] ??= []).push(p.message)
  return errors
}

/** A new policy starts at version 1 with today's rules for its kind (all owners; one change manager for emergencies). */
export async function createPolicy(actor: Actor, raw: TCreatePolicyInput): Promise<{ id: string }> {
  assertCan(actor, 'policy:manage')
  const input = parseInput(ZCreatePolicyInput, raw)
  const governance = governanceOf(input.governs, input.criticality)
  const rules = governance.changeType === 'EMERGENCY' ? EMERGENCY_RULES : DEFAULT_RULES
  try {
    return await runTransaction(async (tx) => {
      await lockApprovalPolicies(tx)
      await assertNameFree(tx, input.name)
      await assertGovernanceFree(tx, governance)
      const policy = await tx.approvalPolicy.create({
        data: { name: input.name, ...governance, currentVersion: 1, versions: { create: { version: 1, rules, createdById: actor.id } } },
        select: { id: true },
      })
      await recordAudit(tx, [
        { action: 'policy.created', actorId: actor.id, entityType: 'policy', entityId: policy.id, details: { policyId: policy.id, name: input.name, governs: governanceInWords(governance) } },
      ])
      return policy
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken()
    throw error
  }
}

/**
 * Saves the rules as a new immutable version and makes it current, in one
 * transaction. Changes already submitted keep the version they were submitted
 * under; the new one applies to changes submitted or materially edited afterwards.
 */
export async function savePolicyRules(actor: Actor, input: TSavePolicyRulesInput): Promise<{ version: number }> {
  assertCan(actor, 'policy:manage')
  return runTransaction(async (tx) => {
    await lockApprovalPolicies(tx)
    const policy = await tx.approvalPolicy.findUnique({ where: { id: input.policyId }, select: { id: true, name: true, currentVersion: true } })
    if (!policy) throw missing()
    if (policy.currentVersion !== input.baseVersion) {
      throw new AppError('CONFLICT', `Someone saved version ${policy.currentVersion} of this policy while you were editing version ${input.baseVersion}. Reload the page to see it, then make your edit again.`)
    }
    const rules = parseInput(ZPolicyRules, input.rules)
    await assertRulesHold(tx, rules)
    const current = await tx.approvalPolicyVersion.findUnique({ where: { policyId_version: { policyId: policy.id, version: policy.currentVersion } }, select: { rules: true } })
    if (current && JSON.stringify(readRules(current.rules)) === JSON.stringify(rules)) {
      throw new AppError('REFUSED', `These are already the rules of version ${policy.currentVersion}: nothing to save.`)
    }
    const version = policy.currentVersion + 1
    await tx.approvalPolicyVersion.create({ data: { policyId: policy.id, version, rules, createdById: actor.id } })
    await tx.approvalPolicy.update({ where: { id: policy.id }, data: { currentVersion: version } })
    const words = policyInWords(rules, await ruleNames(tx, [rules]))
    await recordAudit(tx, [{ action: 'policy.revised', actorId: actor.id, entityType: 'policy', entityId: policy.id, details: { policyId: policy.id, name: policy.name, version, rules: words } }])
    return { version }
  })
}

/**
 * Deactivating leaves its changes in flight as they are; activating checks
 * again that no other active policy governs the same changes and that its
 * rules still hold (a group may have lost members meanwhile).
 */
export async function setPolicyActive(actor: Actor, input: TPolicyIdInput, active: boolean): Promise<{ name: string }> {
  assertCan(actor, 'policy:manage')
  return runTransaction(async (tx) => {
    await lockApprovalPolicies(tx)
    const policy = await tx.approvalPolicy.findUnique({ where: { id: input.policyId }, select: POLICY_FIELDS })
    if (!policy) throw missing()
    if (policy.active === active) throw new AppError('CONFLICT', `This policy is already ${active ? 'active' : 'inactive'}.`)
    if (active) {
      await assertGovernanceFree(tx, policy, policy.id)
      const current = await tx.approvalPolicyVersion.findUnique({ where: { policyId_version: { policyId: policy.id, version: policy.currentVersion } }, select: { rules: true } })
      const rules = current ? readRules(current.rules) : null
      if (!rules) throw new AppError('REFUSED', UNREADABLE)
      await assertRulesHold(tx, rules).catch((error: unknown) => {
        throw error instanceof AppError ? new AppError('REFUSED', 'Its current rules no longer hold (a group or person changed): save new rules, then activate it.') : error
      })
    }
    await tx.approvalPolicy.update({ where: { id: policy.id }, data: { active } })
    await recordAudit(tx, [
      { action: active ? 'policy.activated' : 'policy.deactivated', actorId: actor.id, entityType: 'policy', entityId: policy.id, details: { policyId: policy.id, name: policy.name } },
    ])
    return { name: policy.name }
  })
}
