// An approval policy's rules as admins write them (ApprovalPolicyVersion.rules):
// who is eligible and how many of them must approve, in stages. Resolving a
// rule for one change (who the owners are, who is in the group today) happens
// at submission and yields ChangeApprovalRule rows; this file only knows the
// written form, its validation and how to say it in words.
import { z } from 'zod'

export const MAX_RULES_PER_POLICY = 8
export const MAX_NAMED_USERS_PER_RULE = 50

export const ZEligibility = z.discriminatedUnion('kind', [
  /** The owners of the affected services (or their recorded replacements on the change). */
  z.object({ kind: z.literal('SERVICE_OWNERS') }),
  /** The members of an approver group when the change is submitted. */
  z.object({ kind: z.literal('GROUP'), groupId: z.uuid() }),
  /** Named people. */
  z.object({ kind: z.literal('USERS'), userIds: z.array(z.uuid()).min(1).max(MAX_NAMED_USERS_PER_RULE) }),
  /**
   * Everyone holding the change-manager role: the emergency CAB. Not among the
   * issue's three kinds; added so the emergency policy needs no group kept in
   * step with the role by hand.
   */
  z.object({ kind: z.literal('CHANGE_MANAGERS') }),
])
export type Eligibility = z.infer<typeof ZEligibility>

export const ZApprovalCount = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('ALL') }),
  z.object({ mode: z.literal('ANY') }),
  z.object({ mode: z.literal('N_OF_M'), n: z.number().int().min(1).max(MAX_NAMED_USERS_PER_RULE) }),
])
export type ApprovalCount = z.infer<typeof ZApprovalCount>

export const ZPolicyRule = z.object({
  /** 1 first; a later stage is asked only once every rule of the earlier stages holds. */
  stage: z.number().int().min(1).max(5),
  eligible: ZEligibility,
  count: ZApprovalCount,
})
export type PolicyRule = z.infer<typeof ZPolicyRule>

export const ZPolicyRules = z.array(ZPolicyRule).min(1).max(MAX_RULES_PER_POLICY)
export type PolicyRules = z.infer<typeof ZPolicyRules>

/** What today's behaviour was before policies: every owner of an affected service signs. */
export const DEFAULT_RULES: PolicyRules = [{ stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'ALL' } }]

/** One change manager signs, in writing (the emergency CAB). */
export const EMERGENCY_RULES: PolicyRules = [{ stage: 1, eligible: { kind: 'CHANGE_MANAGERS' }, count: { mode: 'ANY' } }]

/** Names the rule text needs: group names and user names by id. */
export type RuleNames = { groups: ReadonlyMap<string, string>; users: ReadonlyMap<string, string> }

function whoInWords(eligible: Eligibility, names: RuleNames, memberCount?: number): string {
  switch (eligible.kind) {
    case 'SERVICE_OWNERS':
      return 'owners of the affected services'
    case 'CHANGE_MANAGERS':
      return 'change managers'
    case 'GROUP':
      return `${memberCount === undefined ? '' : `${memberCount} `}${names.groups.get(eligible.groupId) ?? 'deleted group'} members`
    case 'USERS':
      return eligible.userIds.map((id) => names.users.get(id) ?? 'a former user').join(', ')
  }
}

/**
 * One rule in words: "all owners of the affected services", "2 of the 5 CAB
 * members", "any change manager". `memberCount` is the resolved eligible count
 * when known (on a change), so N-of-M can name M.
 */
export function ruleInWords(rule: PolicyRule, names: RuleNames, memberCount?: number): string {
  const who = whoInWords(rule.eligible, names, rule.count.mode === 'N_OF_M' ? memberCount : undefined)
  switch (rule.count.mode) {
    case 'ALL':
      return rule.eligible.kind === 'USERS' ? `all of ${who}` : `all ${who}`
    case 'ANY':
      return rule.eligible.kind === 'USERS' ? `any one of ${who}` : `any one of the ${who}`
    case 'N_OF_M':
      return `${rule.count.n} of the ${who}`
  }
}

/** Texts joined stage by stage: "a and b, then c". */
export function stagesInWords(items: readonly { stage: number; text: string }[]): string {
  const stages = [...new Set(items.map((i) => i.stage))].sort((a, b) => a - b)
  return stages.map((stage) => items.filter((i) => i.stage === stage).map((i) => i.text).join(' and ')).join(', then ')
}

/** A whole policy in words, stage by stage: "all owners of the affected services, then 2 of the 5 CAB members". */
export function policyInWords(rules: readonly PolicyRule[], names: RuleNames, memberCounts: readonly (number | undefined)[] = []): string {
  return stagesInWords(rules.map((rule, index) => ({ stage: rule.stage, text: ruleInWords(rule, names, memberCounts[index]) })))
}
