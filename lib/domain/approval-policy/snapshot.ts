// A policy resolved for one change: each rule with the ids of the people who
// may count toward it, fixed at submission (ChangeApprovalRule). Resolution is
// where segregation of duties and "who is actually there" are decided, so the
// evaluator and the database backstop only ever count ids.
import { vacantOwnerReasons } from '../change-request/submission'
import type { ApproverSource, Person, Reason } from '../shared/types'
import type { RequiredApproversResult, Signer } from '../sign-off/required-approvers'
import { ruleInWords, type ApprovalCount, type PolicyRule, type RuleNames } from './policy-rules'

export type ApprovalMode = ApprovalCount['mode']

/** One row of ChangeApprovalRule. */
export type SnapshotRule = {
  position: number
  stage: number
  description: string
  mode: ApprovalMode
  /** Distinct eligible approvals needed; ALL: every eligible id. */
  required: number
  eligibleIds: string[]
}

export type ResolveInput = {
  rules: readonly PolicyRule[]
  requesterId: string
  /** The owners' seats as requiredApprovers resolves them (with no nominees): requester dropped, vacant seats named. */
  owners: Pick<RequiredApproversResult, 'approvers' | 'excludedRequester' | 'vacantSeats'>
  groups: ReadonlyMap<string, { name: string; members: readonly Signer[] }>
  /** The named users of USERS rules, by id (missing ids are people who no longer exist). */
  users: ReadonlyMap<string, Signer>
  /** Active holders of the change-manager role. */
  changeManagers: readonly Signer[]
  /** People a change manager added to this change: they stay, as one more rule that all of them approve. */
  nominated: readonly Person[]
}

/** Everyone who may count toward some rule, each once, with the strongest reason they are there. */
export type EligiblePerson = Person & { source: ApproverSource }

export type ResolveResult = {
  rules: SnapshotRule[]
  approvers: EligiblePerson[]
  /** Non-empty: submission refuses, naming each rule nobody (or too few) can fill. */
  reasons: Reason[]
}

export const NOMINATED_SUFFIX = '(nominated)'

/** Resolves `input.rules` for one change; the nominees' rule (if any) comes last, in stage 1 (they sit beside the owners, as before policies). */
export function resolvePolicy(input: ResolveInput): ResolveResult {
  const names: RuleNames = {
    groups: new Map([...input.groups].map(([id, g]) => [id, g.name])),
    users: new Map([...input.users].map(([id, u]) => [id, u.name])),
  }
  const people = new Map<string, EligiblePerson>()
  const note = (list: readonly Person[], source: ApproverSource) => {
    for (const p of list) if (!people.has(p.id)) people.set(p.id, { id: p.id, name: p.name, source })
  }
  const eligibleOf = (rule: PolicyRule): Person[] => {
    const active = (list: readonly Signer[]) => list.filter((p) => p.active && p.id !== input.requesterId).map(({ id, name }) => ({ id, name }))
    switch (rule.eligible.kind) {
      case 'SERVICE_OWNERS':
        return input.owners.approvers.map(({ id, name }) => ({ id, name }))
      case 'GROUP':
        return active(input.groups.get(rule.eligible.groupId)?.members ?? [])
      case 'USERS':
        return active(rule.eligible.userIds.flatMap((id) => input.users.get(id) ?? []))
      case 'CHANGE_MANAGERS':
        return active(input.changeManagers)
    }
  }
  const nominated = dedupe(input.nominated.filter((p) => p.id !== input.requesterId))
  const reasons: Reason[] = []
  const rules: SnapshotRule[] = []
  const asksOwners = input.rules.some((r) => r.eligible.kind === 'SERVICE_OWNERS')
  if (asksOwners) reasons.push(...vacantOwnerReasons(input.owners.vacantSeats))

  for (const rule of input.rules) {
    const eligible = dedupe(eligibleOf(rule))
    const description = ruleInWords(rule, names, eligible.length)
    // Before policies, a requester who owned every affected service was
    // replaced by a nominee; the nominees' rule keeps that meaning.
    if (rule.eligible.kind === 'SERVICE_OWNERS' && eligible.length === 0 && input.owners.vacantSeats.length === 0 && nominated.length > 0) continue
    // No owners at all means no services: submission's own check names that.
    if (rule.eligible.kind === 'SERVICE_OWNERS' && eligible.length === 0 && input.owners.vacantSeats.length === 0 && !input.owners.excludedRequester) continue
    const required = rule.count.mode === 'ALL' ? eligible.length : rule.count.mode === 'ANY' ? 1 : rule.count.n
    if (eligible.length === 0 || eligible.length < required) {
      reasons.push({ code: 'policy-rule-unfillable', message: unfillable(rule, ruleInWords(rule, names), eligible.length, input.owners.excludedRequester) })
      continue
    }
    note(eligible, rule.eligible.kind === 'SERVICE_OWNERS' ? 'SERVICE_OWNER' : 'POLICY')
    rules.push({ position: rules.length + 1, stage: rule.stage, description, mode: rule.count.mode, required, eligibleIds: eligible.map((p) => p.id) })
  }
  if (nominated.length > 0) {
    note(nominated, 'NOMINATED')
    rules.push({
      position: rules.length + 1,
      stage: 1,
      description: `all of ${nominated.map((p) => p.name).join(', ')} ${NOMINATED_SUFFIX}`,
      mode: 'ALL',
      required: nominated.length,
      eligibleIds: nominated.map((p) => p.id),
    })
  }
  // Owners first, so someone both owner and group member keeps the owner's source.
  const order: Record<ApproverSource, number> = { SERVICE_OWNER: 0, POLICY: 1, NOMINATED: 2 }
  const approvers = [...people.values()].sort((a, b) => order[a.source] - order[b.source])
  return { rules: reasons.length > 0 ? [] : rules, approvers, reasons }
}

function dedupe<T extends Person>(list: readonly T[]): T[] {
  const seen = new Set<string>()
  return list.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)))
}

function unfillable(rule: PolicyRule, description: string, available: number, excludedRequester: boolean): string {
  if (rule.eligible.kind === 'SERVICE_OWNERS' && available === 0) {
    return excludedRequester
      ? 'You own the affected services and nobody may sign off their own change. A change manager must name another approver (or nominate one on the form).'
      : 'Nobody is left to sign this change off as an owner of its services. A change manager must name another approver.'
  }
  const who = available === 0 ? 'nobody is eligible' : `only ${available} ${available === 1 ? 'person is' : 'people are'} eligible`
  return `The approval policy needs ${description}, but ${who} (inactive people and the requester do not count). An administrator must change the policy or the group's members before this change can be submitted.`
}

/** The people asked first: eligible in the lowest stage. */
export function firstStageIds(rules: readonly SnapshotRule[]): string[] {
  const first = Math.min(...rules.map((r) => r.stage))
  return [...new Set(rules.filter((r) => r.stage === first).flatMap((r) => r.eligibleIds))]
}
