// What an administrator may save as an approval policy, beyond the shape
// ZPolicyRules checks: which changes it governs (and that no other active
// policy governs the same ones), stages numbered without gaps, and rules that
// can be met by the people and groups that exist today. Pure: the server
// loads the groups, users and other policies and asks these functions.
import type { ChangeType, RiskLevel } from '../shared/types'
import { CHANGE_TYPE_LABELS, RISK_LEVEL_LABELS } from '../shared/types'
import type { PolicyRule, PolicyRules } from './policy-rules'

/** Mirrors the Prisma enum ServiceCriticality. */
export const CRITICALITY_LEVELS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const
export type CriticalityLevel = (typeof CRITICALITY_LEVELS)[number]

/** Which changes a policy governs (the columns of ApprovalPolicy). */
export type Governance = {
  changeType: ChangeType | null
  riskLevel: RiskLevel | null
  criticality: CriticalityLevel | null
}

/** The choices the admin form offers: emergency changes or one risk level. */
export const GOVERNS_OPTIONS = ['EMERGENCY', 'LOW', 'MEDIUM', 'HIGH'] as const
export type GovernsOption = (typeof GOVERNS_OPTIONS)[number]

/** The form's two selects as the columns: an emergency policy has no risk level nor criticality. */
export function governanceOf(governs: GovernsOption, criticality: CriticalityLevel | null): Governance {
  if (governs === 'EMERGENCY') return { changeType: 'EMERGENCY', riskLevel: null, criticality: null }
  return { changeType: null, riskLevel: governs, criticality }
}

const CRITICALITY_WORDS: Readonly<Record<CriticalityLevel, string>> = { CRITICAL: 'critical', HIGH: 'high', MEDIUM: 'medium', LOW: 'low' }

/** "Emergency changes", "High-risk changes", "High-risk changes whose most critical service is critical". */
export function governanceInWords(g: Governance): string {
  const base = g.riskLevel ? `${RISK_LEVEL_LABELS[g.riskLevel]}-risk changes` : g.changeType ? `${CHANGE_TYPE_LABELS[g.changeType]} changes` : 'All changes'
  return g.criticality ? `${base} whose most critical affected service is ${CRITICALITY_WORDS[g.criticality]}` : base
}

export function sameGovernance(a: Governance, b: Governance): boolean {
  return a.changeType === b.changeType && a.riskLevel === b.riskLevel && a.criticality === b.criticality
}

/** The active policy (other than `exceptId`) that already governs the same changes, if any. */
export function governanceClash<P extends Governance & { id: string; active: boolean }>(candidate: Governance, policies: readonly P[], exceptId?: string): P | null {
  return policies.find((p) => p.active && p.id !== exceptId && sameGovernance(p, candidate)) ?? null
}

/** Which input of which rule a problem belongs to; `rule` is the rule's index, null for the whole policy. */
export type RuleField = 'stage' | 'who' | 'groupId' | 'userIds' | 'n'
export type RuleProblem = { rule: number; field: RuleField; message: string }

/** What exists today, as the rules are saved. */
export type RuleContext = {
  /** Approver groups by id, with their current member count. */
  groupSizes: ReadonlyMap<string, number>
  /** People who can sign off (active, human, approver or change manager). */
  signerIds: ReadonlySet<string>
}

/** Stages must read 1, 2, 3…: a stage 3 with no stage 2 would never be asked in the order the admin meant. */
function stageProblems(rules: readonly PolicyRule[]): RuleProblem[] {
  const present = new Set(rules.map((r) => r.stage))
  const problems: RuleProblem[] = []
  rules.forEach((rule, index) => {
    const missing = Array.from({ length: rule.stage - 1 }, (_, i) => i + 1).find((stage) => !present.has(stage))
    if (missing !== undefined) {
      problems.push({ rule: index, field: 'stage', message: `Number stages 1, 2, 3… without gaps: there is no stage ${missing} before stage ${rule.stage}.` })
    }
  })
  return problems
}

/** How many people the rule can draw on today, when that is fixed at saving (named users, a group); null otherwise. */
function eligibleSize(rule: PolicyRule, context: RuleContext): number | null {
  if (rule.eligible.kind === 'USERS') return new Set(rule.eligible.userIds).size
  if (rule.eligible.kind === 'GROUP') return context.groupSizes.get(rule.eligible.groupId) ?? null
  return null
}

function ruleProblems(rule: PolicyRule, index: number, context: RuleContext): RuleProblem[] {
  const problems: RuleProblem[] = []
  const eligible = rule.eligible
  if (eligible.kind === 'GROUP') {
    const size = context.groupSizes.get(eligible.groupId)
    if (size === undefined) problems.push({ rule: index, field: 'groupId', message: 'Choose an approver group from the list.' })
    // ALL of nobody would hold at once: an empty group must never approve by default.
    else if (size === 0) problems.push({ rule: index, field: 'groupId', message: 'This group has no members yet; add members before a policy relies on it.' })
  }
  if (eligible.kind === 'USERS' && eligible.userIds.some((id) => !context.signerIds.has(id))) {
    problems.push({ rule: index, field: 'userIds', message: 'Choose active approvers or change managers from the list.' })
  }
  const size = eligibleSize(rule, context)
  if (rule.count.mode === 'N_OF_M' && size !== null && size > 0 && rule.count.n > size) {
    problems.push({ rule: index, field: 'n', message: `At most ${size}: only ${size} ${size === 1 ? 'person is' : 'people are'} eligible under this rule.` })
  }
  return problems
}

/** Every problem that stops these rules from being saved; empty when they may be. */
export function policyRulesProblems(rules: PolicyRules, context: RuleContext): RuleProblem[] {
  return [...stageProblems(rules), ...rules.flatMap((rule, index) => ruleProblems(rule, index, context))]
}

/** What a group of `size` members would do to the rules drawing on it (a member removed): the problems it would cause. */
export function groupSizeProblems(rules: PolicyRules, groupId: string, size: number): RuleProblem[] {
  const context: RuleContext = { groupSizes: new Map([[groupId, size]]), signerIds: new Set() }
  return rules.flatMap((rule, index) => (rule.eligible.kind === 'GROUP' && rule.eligible.groupId === groupId ? ruleProblems(rule, index, context) : []))
}

/** The ids the rules name, so the server loads only those. */
export function referencedIds(rules: PolicyRules): { groupIds: string[]; userIds: string[] } {
  const groupIds = rules.flatMap((r) => (r.eligible.kind === 'GROUP' ? [r.eligible.groupId] : []))
  const userIds = rules.flatMap((r) => (r.eligible.kind === 'USERS' ? r.eligible.userIds : []))
  return { groupIds: [...new Set(groupIds)], userIds: [...new Set(userIds)] }
}

/** True when any rule draws on the group: it may not be deleted while such a version is in use. */
export function rulesReferToGroup(rules: PolicyRules, groupId: string): boolean {
  return rules.some((r) => r.eligible.kind === 'GROUP' && r.eligible.groupId === groupId)
}
