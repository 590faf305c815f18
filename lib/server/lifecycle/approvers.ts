import 'server-only'
import { requiredApprovers, type VacantOwnerSeat } from '@/lib/domain/sign-off/required-approvers'
import type { Tx } from '@/lib/server/db'
import { refusal } from '@/lib/server/lifecycle/transition'
import { DEFAULT_RULES, ZPolicyRules } from '@/lib/domain/approval-policy/policy-rules'
import { selectPolicy } from '@/lib/domain/approval-policy/select-policy'
import { resolvePolicy, type ResolveResult } from '@/lib/domain/approval-policy/snapshot'
import type { ApproverSource, ChangeType, RiskLevel } from '@/lib/domain/shared/types'

// Who must sign a change: owners of its services (or their replacements on
// this change) and nominees. Written when a change is created, submitted,
// revised, or an owner is replaced; each takes the caller's transaction.

/**
 * Who must sign: for each affected service its owner, or whoever replaces that
 * owner on this change (OwnerReplacement, so a replaced owner is never re-added
 * by a later edit), plus the nominated people, never the requester (the
 * domain's requiredApprovers). Inactive owners come back as vacant seats.
 */
export async function computeApprovers(
  tx: Tx,
  change: { id: string; requesterId: string },
  serviceIds: readonly string[],
  nominatedIds: readonly string[],
) {
  const signer = { select: { id: true, name: true, active: true } } as const
  const services = await tx.service.findMany({
    where: { id: { in: [...serviceIds] } },
    select: { id: true, name: true, owner: signer },
    orderBy: { name: 'asc' },
  })
  const replacements = await tx.ownerReplacement.findMany({ where: { changeId: change.id }, select: { ownerId: true, replacement: signer } })
  const nominated = await tx.user.findMany({ where: { id: { in: [...nominatedIds] } }, select: { id: true, name: true } })
  return requiredApprovers({ requesterId: change.requesterId, services, replacements, nominated })
}

/** Replaces every required approver (drafts and first submission, before anyone was asked). */
export async function replaceApprovers(
  tx: Tx,
  changeId: string,
  approvers: readonly { id: string; source: ApproverSource }[],
  addedById: string,
): Promise<void> {
  await tx.changeApprover.deleteMany({ where: { changeId } })
  await tx.changeApprover.createMany({ data: approvers.map((a) => ({ changeId, userId: a.id, source: a.source, addedById })) })
}

/**
 * After a material edit or an owner replacement: whoever holds an owner's
 * place is a SERVICE_OWNER approver (a nominee who takes that place is
 * upgraded, so removing them as a nominee cannot empty the seat); owners of
 * services no longer affected, and replaced owners, are dropped. Nominated
 * approvers stay (the sign-off panel manages them). Vacant seats are returned
 * for the caller to refuse.
 */
export async function syncOwnerApprovers(
  tx: Tx,
  change: { id: string; requesterId: string; serviceIds: readonly string[] },
  actorId: string,
): Promise<{ approverIds: string[]; vacantSeats: VacantOwnerSeat[] }> {
  const { approvers, vacantSeats } = await computeApprovers(tx, change, change.serviceIds, [])
  const ownerIds = approvers.map((a) => a.id)
  await tx.changeApprover.deleteMany({ where: { changeId: change.id, source: 'SERVICE_OWNER', userId: { notIn: ownerIds } } })
  await tx.changeApprover.updateMany({ where: { changeId: change.id, userId: { in: ownerIds } }, data: { source: 'SERVICE_OWNER' } })
  await tx.changeApprover.createMany({
    data: ownerIds.map((userId) => ({ changeId: change.id, userId, source: 'SERVICE_OWNER' as const, addedById: actorId })),
    skipDuplicates: true,
  })
  const rows = await tx.changeApprover.findMany({ where: { changeId: change.id }, select: { userId: true } })
  return { approverIds: rows.map((r) => r.userId), vacantSeats }
}

// ---------------------------------------------------------------------------
// Approval policies (issue 13): the per-change snapshot of the policy's rules.
// ---------------------------------------------------------------------------

/** The change as resolution needs it. */
export type PolicySubject = { id: string; requesterId: string; type: ChangeType; riskLevel: RiskLevel; serviceIds: readonly string[] }

export type ResolvedSnapshot = ResolveResult & { policyVersionId: string | null; policyName: string | null }

/**
 * Resolves the approval policy for a change: at submission and on a material
 * edit the policy that governs it now (`version: 'current'`), otherwise the
 * version it was submitted under (a change manager nominating or replacing
 * someone does not move the change to another policy). The nominees are the
 * change's NOMINATED approvers. Refusal reasons come back, not thrown.
 */
export async function resolveSnapshot(tx: Tx, change: PolicySubject, version: 'current' | { policyVersionId: string | null }): Promise<ResolvedSnapshot> {
  const chosen = version === 'current' ? await currentPolicyVersion(tx, change) : await keptPolicyVersion(tx, version.policyVersionId)
  const rules = chosen ? ZPolicyRules.parse(chosen.rules) : DEFAULT_RULES
  const owners = await computeApprovers(tx, change, change.serviceIds, [])
  const groupIds = rules.flatMap((r) => (r.eligible.kind === 'GROUP' ? [r.eligible.groupId] : []))
  const userIds = rules.flatMap((r) => (r.eligible.kind === 'USERS' ? r.eligible.userIds : []))
  const signer = { id: true, name: true, active: true } as const
  const groups = groupIds.length === 0 ? [] : await tx.approverGroup.findMany({ where: { id: { in: groupIds } }, select: { id: true, name: true, members: { select: { user: { select: signer } } } } })
  const users = userIds.length === 0 ? [] : await tx.user.findMany({ where: { id: { in: userIds } }, select: signer })
  const changeManagers = rules.some((r) => r.eligible.kind === 'CHANGE_MANAGERS')
    ? await tx.user.findMany({ where: { active: true, kind: 'HUMAN', roles: { has: 'CHANGE_MANAGER' } }, select: signer, orderBy: { name: 'asc' } })
    : []
  const nominated = await tx.changeApprover.findMany({
    where: { changeId: change.id, source: 'NOMINATED' },
    select: { user: { select: { id: true, name: true } } },
    orderBy: [{ createdAt: 'asc' }, { userId: 'asc' }],
  })
  const resolved = resolvePolicy({
    rules,
    requesterId: change.requesterId,
    owners,
    groups: new Map(groups.map((g) => [g.id, { name: g.name, members: [...g.members.map((m) => m.user)].sort((a, b) => a.name.localeCompare(b.name)) }])),
    users: new Map(users.map((u) => [u.id, u])),
    changeManagers,
    nominated: nominated.map((n) => n.user),
  })
  return { ...resolved, policyVersionId: chosen?.id ?? null, policyName: chosen?.policyName ?? null }
}

async function currentPolicyVersion(tx: Tx, change: PolicySubject) {
  const policies = await tx.approvalPolicy.findMany({
    where: { active: true },
    select: { id: true, name: true, active: true, changeType: true, riskLevel: true, criticality: true, currentVersion: true },
  })
  const services = await tx.service.findMany({ where: { id: { in: [...change.serviceIds] } }, select: { criticality: true } })
  const policy = selectPolicy(policies, { type: change.type, riskLevel: change.riskLevel, criticalities: services.map((s) => s.criticality) })
  if (!policy) return null
  const version = await tx.approvalPolicyVersion.findUnique({
    where: { policyId_version: { policyId: policy.id, version: policy.currentVersion } },
    select: { id: true, rules: true },
  })
  if (!version) throw new Error(`Approval policy ${policy.name} has no version ${policy.currentVersion}`)
  return { ...version, policyName: policy.name }
}

async function keptPolicyVersion(tx: Tx, policyVersionId: string | null) {
  if (policyVersionId === null) return null
  const version = await tx.approvalPolicyVersion.findUniqueOrThrow({ where: { id: policyVersionId }, select: { id: true, rules: true, policy: { select: { name: true } } } })
  return { id: version.id, rules: version.rules, policyName: version.policy.name }
}

/**
 * Writes a resolved snapshot: the ChangeApprovalRule rows (replaced), the
 * change's policy version, and ChangeApprover as the union of everyone
 * eligible (the inbox, metrics and watchers read it). Nominees keep who added
 * them. Call in the transaction that holds the change lock.
 */
export async function writeSnapshot(tx: Tx, changeId: string, snapshot: ResolvedSnapshot, actorId: string): Promise<void> {
  await tx.changeApprovalRule.deleteMany({ where: { changeId } })
  await tx.changeApprovalRule.createMany({ data: snapshot.rules.map((r) => ({ changeId, ...r })) })
  await tx.changeRequest.update({ where: { id: changeId }, data: { policyVersionId: snapshot.policyVersionId } })
  const ids = snapshot.approvers.map((a) => a.id)
  await tx.changeApprover.deleteMany({ where: { changeId, userId: { notIn: ids } } })
  for (const source of ['SERVICE_OWNER', 'POLICY', 'NOMINATED'] as const) {
    const of = snapshot.approvers.filter((a) => a.source === source).map((a) => a.id)
    if (of.length === 0) continue
    await tx.changeApprover.updateMany({ where: { changeId, userId: { in: of }, source: { not: source } }, data: { source } })
    await tx.changeApprover.createMany({ data: of.map((userId) => ({ changeId, userId, source, addedById: actorId })), skipDuplicates: true })
  }
}

/**
 * After a change manager nominates, removes or replaces someone on a submitted
 * change: the snapshot follows, under the policy version the change was
 * submitted under (not whatever governs new changes today).
 */
export async function refreshSnapshot(tx: Tx, change: PolicySubject & { policyVersionId: string | null }, actorId: string): Promise<void> {
  const snapshot = await resolveSnapshot(tx, change, { policyVersionId: change.policyVersionId })
  if (snapshot.reasons.length > 0) throw refusal(snapshot.reasons, 'The approvers cannot be changed')
  await writeSnapshot(tx, change.id, snapshot, actorId)
}
