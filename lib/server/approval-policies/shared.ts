import 'server-only'
import { ZPolicyRules, type PolicyRules, type RuleNames } from '@/lib/domain/approval-policy/policy-rules'
import { referencedIds } from '@/lib/domain/approval-policy/policy-validation'
import type { Person } from '@/lib/domain/shared/types'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { Tx } from '@/lib/server/db'

// What the admin pages for groups, policies and delegations share: who counts
// as a signer, the lock that serializes their checks, and stored rules read back.

/**
 * People who can sign off a change: active humans holding the approver or
 * change-manager role. Only they may be group members, named in a rule, or delegates.
 */
export const SIGNER_WHERE = { active: true, kind: 'HUMAN', roles: { hasSome: ['APPROVER', 'CHANGE_MANAGER'] } } satisfies Prisma.UserWhereInput

export async function listSigners(db: Pick<Tx, 'user'>): Promise<Person[]> {
  return db.user.findMany({ where: SIGNER_WHERE, select: { id: true, name: true }, orderBy: { name: 'asc' } })
}

// Any constant unique in this database (lib/server/transaction.ts holds the freeze calendar's).
const APPROVAL_POLICY_LOCK = 4_242_013

/**
 * Serializes the admin writes whose checks read other rows: a policy saved
 * against the groups that exist and the other active policies, a group
 * deleted or shrunk against the policies that use it, a delegation against
 * the other delegations of both people. Without it two admins (or two tabs)
 * could each pass a check the other's write breaks. Writes here are rare.
 */
export async function lockApprovalPolicies(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${APPROVAL_POLICY_LOCK})`
}

/** Stored rules (JSON) as the domain's value; null for a row no longer valid under ZPolicyRules, which the page says. */
export function readRules(json: Prisma.JsonValue): PolicyRules | null {
  const parsed = ZPolicyRules.safeParse(json)
  return parsed.success ? parsed.data : null
}

/** The group and user names the given rules mention, for policyInWords. */
export async function ruleNames(db: Pick<Tx, 'user' | 'approverGroup'>, rules: readonly PolicyRules[]): Promise<RuleNames> {
  const ids = rules.map(referencedIds)
  const [groups, users] = await Promise.all([
    db.approverGroup.findMany({ where: { id: { in: ids.flatMap((i) => i.groupIds) } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: ids.flatMap((i) => i.userIds) } }, select: { id: true, name: true } }),
  ])
  return { groups: new Map(groups.map((g) => [g.id, g.name])), users: new Map(users.map((u) => [u.id, u.name])) }
}
