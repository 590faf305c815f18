// A template version is approved under its own policy, written in the
// approval-policy rule language: by default one change manager and every owner
// of its services. The proposer never counts (nobody approves their own
// proposal), and any rejection by an eligible signer is a veto.
import type { PolicyRules, PolicyRule } from '../approval-policy/policy-rules'
import { ruleInWords } from '../approval-policy/policy-rules'
import { evaluatePolicy } from '../approval-policy/evaluate'
import type { SnapshotRule } from '../approval-policy/snapshot'
import { normalizeSignature, statementProblem } from '../sign-off/validate-sign-off'
import type { SignOffDecision } from '../shared/types'

export const TEMPLATE_APPROVAL_RULES: PolicyRules = [
  { stage: 1, eligible: { kind: 'CHANGE_MANAGERS' }, count: { mode: 'ANY' } },
  { stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'ALL' } },
]

/** Who holds each kind of seat for one template version (groups and named users resolved by the caller). */
export type TemplateSeats = {
  proposerId: string
  changeManagerIds: readonly string[]
  serviceOwnerIds: readonly string[]
  groupMemberIds?: ReadonlyMap<string, readonly string[]>
}

function eligibleFor(rule: PolicyRule, seats: TemplateSeats): string[] {
  switch (rule.eligible.kind) {
    case 'CHANGE_MANAGERS':
      return [...seats.changeManagerIds]
    case 'SERVICE_OWNERS':
      return [...seats.serviceOwnerIds]
    case 'GROUP':
      return [...(seats.groupMemberIds?.get(rule.eligible.groupId) ?? [])]
    case 'USERS':
      return [...rule.eligible.userIds]
  }
}

const NO_NAMES = { groups: new Map<string, string>(), users: new Map<string, string>() }

/**
 * Each rule with its eligible people (never the proposer) and how many must
 * approve, as a change's snapshot rule, so the policy evaluator counts it. An
 * owners rule whose only owner is the proposer is dropped (the change-manager
 * rule still needs someone else); any other rule left without eligible people
 * cannot hold (the evaluator's wellFormed), so the version waits.
 */
export function resolveTemplateRules(rules: PolicyRules, seats: TemplateSeats): SnapshotRule[] {
  return rules.flatMap((rule, position) => {
    const eligibleIds = [...new Set(eligibleFor(rule, seats))].filter((id) => id !== seats.proposerId)
    if (rule.eligible.kind === 'SERVICE_OWNERS' && eligibleIds.length === 0) return []
    const required = rule.count.mode === 'ALL' ? Math.max(eligibleIds.length, 1) : rule.count.mode === 'ANY' ? 1 : rule.count.n
    return [{ position, stage: rule.stage, description: ruleInWords(rule, NO_NAMES), mode: rule.count.mode, required, eligibleIds }]
  })
}

export type TemplateDecision = { signerId: string; decision: SignOffDecision }
export type RuleProgress = { description: string; required: number; eligibleIds: string[]; approvals: number; holds: boolean }
export type TemplateApproval = { holds: boolean; vetoed: boolean; rules: RuleProgress[]; awaiting: string[] }

/** The version stands in for a change's fingerprint: each signer decides a version once (unique per version and signer). */
const VERSION_FINGERPRINT = 'template-version'

/**
 * Where a version's approval stands, by the approval-policy evaluator: every
 * rule holds with no veto; an approval counts toward every rule its signer is
 * eligible for.
 */
export function evaluateTemplateApproval(rules: readonly SnapshotRule[], decisions: readonly TemplateDecision[]): TemplateApproval {
  const seats = decisions.map((d) => ({ approverId: d.signerId, decision: d.decision, fingerprint: VERSION_FINGERPRINT, revisionNumber: 1, signedAt: new Date(0) }))
  const evaluation = evaluatePolicy(rules, seats, VERSION_FINGERPRINT)
  const decided = new Set(decisions.map((d) => d.signerId))
  const progress = evaluation.rules.map((r) => ({
    description: r.rule.description,
    required: r.rule.required,
    eligibleIds: r.rule.eligibleIds,
    approvals: r.approvedIds.length,
    holds: r.satisfied,
  }))
  const awaiting = progress.filter((r) => !r.holds).flatMap((r) => r.eligibleIds.filter((id) => !decided.has(id)))
  return { holds: evaluation.satisfied, vetoed: evaluation.vetoedBy.length > 0, rules: progress, awaiting: [...new Set(awaiting)] }
}

export type TemplateSignOffInput = { decision: SignOffDecision; statement: string; signature: string }

/** A written decision on a template version: an eligible signer who is not the proposer, a real statement and their own name. */
export function validateTemplateSignOff(
  input: TemplateSignOffInput,
  signer: { id: string; name: string },
  version: { proposedById: string; status: string; eligibleIds: readonly string[]; decidedBy: readonly string[] },
): { ok: true } | { ok: false; fieldErrors: Partial<Record<string, string[]>> } {
  const fieldErrors: Partial<Record<string, string[]>> = {}
  const add = (field: string, message: string) => (fieldErrors[field] = [...(fieldErrors[field] ?? []), message])
  if (signer.id === version.proposedById) add('form', 'You proposed this template version, so you cannot sign it.')
  else if (!version.eligibleIds.includes(signer.id)) add('form', "You are not among this template's approvers.")
  else if (version.decidedBy.includes(signer.id)) add('form', 'You have already signed this version.')
  if (version.status !== 'PROPOSED') add('form', 'This version is no longer awaiting approval.')
  const problem = statementProblem(input.statement, input.decision)
  if (problem) add('statement', problem)
  if (normalizeSignature(input.signature) !== normalizeSignature(signer.name)) add('signature', `The signature must match your account name exactly: ${signer.name}`)
  return Object.keys(fieldErrors).length === 0 ? { ok: true } : { ok: false, fieldErrors }
}
