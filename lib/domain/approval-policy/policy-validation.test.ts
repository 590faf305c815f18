import { describe, expect, it } from 'vitest'
import { DEFAULT_RULES, ZPolicyRules, type PolicyRules } from './policy-rules'
import {
  governanceClash,
  governanceInWords,
  governanceOf,
  groupSizeProblems,
  policyRulesProblems,
  referencedIds,
  rulesReferToGroup,
  type RuleContext,
} from './policy-validation'

const GROUP = '00000000-0000-4000-8000-000000000001'
const EMPTY_GROUP = '00000000-0000-4000-8000-000000000002'
const U1 = '00000000-0000-4000-8000-0000000000a1'
const U2 = '00000000-0000-4000-8000-0000000000a2'
const STRANGER = '00000000-0000-4000-8000-0000000000ff'

const context: RuleContext = { groupSizes: new Map([[GROUP, 3], [EMPTY_GROUP, 0]]), signerIds: new Set([U1, U2]) }

const problems = (rules: PolicyRules) => policyRulesProblems(rules, context).map((p) => `${p.rule}:${p.field}`)

describe('policyRulesProblems', () => {
  it('accepts the default rules and "all owners, then 2 of the group"', () => {
    expect(problems(DEFAULT_RULES)).toEqual([])
    expect(
      problems([
        { stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'ALL' } },
        { stage: 2, eligible: { kind: 'GROUP', groupId: GROUP }, count: { mode: 'N_OF_M', n: 2 } },
      ]),
    ).toEqual([])
  })

  it('refuses stages with a gap, on the rule after the gap', () => {
    expect(
      problems([
        { stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'ALL' } },
        { stage: 3, eligible: { kind: 'CHANGE_MANAGERS' }, count: { mode: 'ANY' } },
      ]),
    ).toEqual(['1:stage'])
    expect(problems([{ stage: 2, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'ALL' } }])).toEqual(['0:stage'])
  })

  it('allows several rules in one stage', () => {
    expect(
      problems([
        { stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'ALL' } },
        { stage: 1, eligible: { kind: 'USERS', userIds: [U1] }, count: { mode: 'ALL' } },
      ]),
    ).toEqual([])
  })

  it('refuses N above the number of named users, and accepts N equal to it', () => {
    expect(problems([{ stage: 1, eligible: { kind: 'USERS', userIds: [U1, U2] }, count: { mode: 'N_OF_M', n: 3 } }])).toEqual(['0:n'])
    expect(problems([{ stage: 1, eligible: { kind: 'USERS', userIds: [U1, U2] }, count: { mode: 'N_OF_M', n: 2 } }])).toEqual([])
  })

  it('counts a user named twice once', () => {
    expect(problems([{ stage: 1, eligible: { kind: 'USERS', userIds: [U1, U1] }, count: { mode: 'N_OF_M', n: 2 } }])).toEqual(['0:n'])
  })

  it('refuses N above the group size today', () => {
    expect(problems([{ stage: 1, eligible: { kind: 'GROUP', groupId: GROUP }, count: { mode: 'N_OF_M', n: 4 } }])).toEqual(['0:n'])
  })

  it('refuses an unknown group, an empty group and people who cannot sign', () => {
    expect(problems([{ stage: 1, eligible: { kind: 'GROUP', groupId: STRANGER }, count: { mode: 'ALL' } }])).toEqual(['0:groupId'])
    // ALL of an empty group would hold with nobody signing.
    expect(problems([{ stage: 1, eligible: { kind: 'GROUP', groupId: EMPTY_GROUP }, count: { mode: 'ALL' } }])).toEqual(['0:groupId'])
    expect(problems([{ stage: 1, eligible: { kind: 'USERS', userIds: [U1, STRANGER] }, count: { mode: 'ANY' } }])).toEqual(['0:userIds'])
  })

  it('leaves N for owners and change managers to the change (M is known only then)', () => {
    expect(problems([{ stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'N_OF_M', n: 7 } }])).toEqual([])
  })

  it('relies on ZPolicyRules for the shape: no rules, or N of 0, do not parse', () => {
    expect(ZPolicyRules.safeParse([]).success).toBe(false)
    expect(ZPolicyRules.safeParse([{ stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'N_OF_M', n: 0 } }]).success).toBe(false)
  })
})

describe('governance', () => {
  const high = { id: 'p1', active: true, ...governanceOf('HIGH', null) }
  const highCritical = { id: 'p2', active: true, ...governanceOf('HIGH', 'CRITICAL') }
  const emergency = { id: 'p3', active: true, ...governanceOf('EMERGENCY', 'CRITICAL') }

  it('an emergency policy has no risk level or criticality', () => {
    expect(emergency).toMatchObject({ changeType: 'EMERGENCY', riskLevel: null, criticality: null })
  })

  it('finds the active policy governing the same changes, but not itself, an inactive one or a narrower one', () => {
    expect(governanceClash(governanceOf('HIGH', null), [highCritical, high])).toBe(high)
    expect(governanceClash(governanceOf('HIGH', null), [high], 'p1')).toBeNull()
    expect(governanceClash(governanceOf('HIGH', null), [{ ...high, active: false }])).toBeNull()
    expect(governanceClash(governanceOf('HIGH', 'LOW'), [high, highCritical])).toBeNull()
    expect(governanceClash(governanceOf('EMERGENCY', null), [emergency])).toBe(emergency)
  })

  it('says what a policy governs in words', () => {
    expect(governanceInWords(governanceOf('EMERGENCY', null))).toBe('Emergency changes')
    expect(governanceInWords(governanceOf('HIGH', null))).toBe('High-risk changes')
    expect(governanceInWords(governanceOf('MEDIUM', 'CRITICAL'))).toBe('Medium-risk changes whose most critical affected service is critical')
  })
})

describe('references', () => {
  const rules: PolicyRules = [
    { stage: 1, eligible: { kind: 'GROUP', groupId: GROUP }, count: { mode: 'ANY' } },
    { stage: 2, eligible: { kind: 'USERS', userIds: [U1, U2] }, count: { mode: 'ALL' } },
    { stage: 2, eligible: { kind: 'USERS', userIds: [U1] }, count: { mode: 'ALL' } },
  ]
  it('lists the groups and users the rules name, once each', () => {
    expect(referencedIds(rules)).toEqual({ groupIds: [GROUP], userIds: [U1, U2] })
  })
  it('finds what shrinking a group would break, and only in the rules drawing on it', () => {
    const twoOfGroup: PolicyRules = [
      { stage: 1, eligible: { kind: 'USERS', userIds: [STRANGER] }, count: { mode: 'ALL' } },
      { stage: 2, eligible: { kind: 'GROUP', groupId: GROUP }, count: { mode: 'N_OF_M', n: 2 } },
    ]
    expect(groupSizeProblems(twoOfGroup, GROUP, 2)).toEqual([])
    expect(groupSizeProblems(twoOfGroup, GROUP, 1).map((p) => `${p.rule}:${p.field}`)).toEqual(['1:n'])
    expect(groupSizeProblems(twoOfGroup, GROUP, 0).map((p) => `${p.rule}:${p.field}`)).toEqual(['1:groupId'])
    expect(groupSizeProblems(twoOfGroup, EMPTY_GROUP, 0)).toEqual([])
  })
  it('tells whether the rules draw on a group', () => {
    expect(rulesReferToGroup(rules, GROUP)).toBe(true)
    expect(rulesReferToGroup(rules, EMPTY_GROUP)).toBe(false)
  })
})
