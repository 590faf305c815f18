import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { can, whyDenied } from '../authz/policy'
import { evaluateSchedulingGate } from '../gate/scheduling-gate'
import { requiredApprovers } from '../sign-off/required-approvers'
import { summarizeSignOffs, withPolicy } from '../sign-off/summarize'
import { chooseSeat, delegatedSeats, delegationActive, signedByInWords, type DelegationGrant } from './delegation'
import { evaluatePolicy, newlyOpenSeats, progressInWords, type SeatSignOff } from './evaluate'
import { DEFAULT_RULES, EMERGENCY_RULES, policyInWords, stagesInWords, type PolicyRule } from './policy-rules'
import { selectPolicy, type PolicyCandidate } from './select-policy'
import { resolvePolicy, type ResolveInput, type SnapshotRule } from './snapshot'

const GROUP = '00000000-0000-4000-8000-000000000001'
const person = (id: string, active = true) => ({ id, name: id.toUpperCase(), active })
const cab = ['c1', 'c2', 'c3'].map((id) => person(id))

function input(rules: PolicyRule[], over: Partial<ResolveInput> = {}, owners = ['o1', 'o2'], requesterId = 'req'): ResolveInput {
  const services = owners.map((id, i) => ({ id: `s${i}`, name: `Service ${i}`, owner: person(id, id !== 'gone') }))
  return {
    rules,
    requesterId,
    owners: requiredApprovers({ requesterId, services, replacements: [], nominated: [] }),
    groups: new Map([[GROUP, { name: 'CAB', members: cab }]]),
    users: new Map([['u1', person('u1')], ['u2', person('u2', false)]]),
    changeManagers: [person('m1'), person('req')],
    nominated: [],
    ...over,
  }
}
const HIGH: PolicyRule[] = [
  { stage: 1, eligible: { kind: 'SERVICE_OWNERS' }, count: { mode: 'ALL' } },
  { stage: 2, eligible: { kind: 'GROUP', groupId: GROUP }, count: { mode: 'N_OF_M', n: 2 } },
]

describe('resolvePolicy', () => {
  it('resolves owners ALL then 2 of the 3 CAB members, in words', () => {
    const r = resolvePolicy(input(HIGH))
    expect(r.reasons).toEqual([])
    expect(r.rules).toEqual([
      { position: 1, stage: 1, description: 'all owners of the affected services', mode: 'ALL', required: 2, eligibleIds: ['o1', 'o2'] },
      { position: 2, stage: 2, description: '2 of the 3 CAB members', mode: 'N_OF_M', required: 2, eligibleIds: ['c1', 'c2', 'c3'] },
    ])
    expect(r.approvers.map((a) => [a.id, a.source])).toEqual([['o1', 'SERVICE_OWNER'], ['o2', 'SERVICE_OWNER'], ['c1', 'POLICY'], ['c2', 'POLICY'], ['c3', 'POLICY']])
  })
  it('never makes the requester eligible, and drops inactive people', () => {
    const r = resolvePolicy(input([...EMERGENCY_RULES, { stage: 1, eligible: { kind: 'USERS', userIds: ['u1', 'u2', 'req'] }, count: { mode: 'ALL' } }]))
    expect(r.rules.map((x) => x.eligibleIds)).toEqual([['m1'], ['u1']])
    expect(r.rules[1]?.required).toBe(1)
  })
  it('refuses a rule with too few eligible people, naming it', () => {
    const r = resolvePolicy(input([{ stage: 1, eligible: { kind: 'GROUP', groupId: GROUP }, count: { mode: 'N_OF_M', n: 2 } }], { groups: new Map([[GROUP, { name: 'CAB', members: [person('c1'), person('c2', false), person('req')] }]]) }))
    expect(r.rules).toEqual([])
    expect(r.reasons).toEqual([{ code: 'policy-rule-unfillable', message: expect.stringContaining('2 of the CAB members, but only 1 person is eligible') }])
    expect(resolvePolicy(input([{ stage: 1, eligible: { kind: 'GROUP', groupId: 'gone' }, count: { mode: 'ANY' } }])).reasons[0]?.message).toMatch(/nobody is eligible/)
  })
  it('vacant owner seats refuse, as before policies', () => {
    const r = resolvePolicy(input(DEFAULT_RULES, {}, ['o1', 'gone']))
    expect(r.reasons.map((x) => x.code)).toEqual(['invalid:serviceIds'])
  })
  it('a requester owning every service is replaced by the nominees (today’s meaning); without nominees it refuses', () => {
    const own = resolvePolicy(input(DEFAULT_RULES, { nominated: [{ id: 'n1', name: 'N1' }, { id: 'req', name: 'REQ' }] }, ['req']))
    expect(own.reasons).toEqual([])
    expect(own.rules).toEqual([{ position: 1, stage: 1, description: 'all of N1 (nominated)', mode: 'ALL', required: 1, eligibleIds: ['n1'] }])
    expect(resolvePolicy(input(DEFAULT_RULES, {}, ['req'])).reasons[0]?.message).toMatch(/You own the affected services/)
  })
  it('nominees are one more ALL rule beside the owners', () => {
    const r = resolvePolicy(input(DEFAULT_RULES, { nominated: [{ id: 'n1', name: 'N1' }, { id: 'o1', name: 'O1' }] }))
    expect(r.rules.map((x) => [x.description, x.required])).toEqual([['all owners of the affected services', 2], ['all of N1, O1 (nominated)', 2]])
    expect(r.approvers.find((a) => a.id === 'o1')?.source).toBe('SERVICE_OWNER')
  })
  it('property: the requester is never eligible; ALL requires every eligible id; required never exceeds the eligible', () => {
    const id = fc.constantFrom('req', 'o1', 'c1', 'c2', 'u1', 'm1')
    const rule = fc.record({
      stage: fc.integer({ min: 1, max: 3 }),
      eligible: fc.oneof(
        fc.constant({ kind: 'SERVICE_OWNERS' as const }),
        fc.constant({ kind: 'GROUP' as const, groupId: GROUP }),
        fc.constant({ kind: 'CHANGE_MANAGERS' as const }),
        fc.array(id, { minLength: 1, maxLength: 4 }).map((userIds) => ({ kind: 'USERS' as const, userIds })),
      ),
      count: fc.oneof(fc.constant({ mode: 'ALL' as const }), fc.constant({ mode: 'ANY' as const }), fc.integer({ min: 1, max: 4 }).map((n) => ({ mode: 'N_OF_M' as const, n }))),
    })
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 4 }), fc.array(id, { maxLength: 3 }), fc.array(id, { maxLength: 2 }), (rules, members, nominees) => {
        const r = resolvePolicy(
          input(rules, {
            groups: new Map([[GROUP, { name: 'CAB', members: members.map((m) => person(m)) }]]),
            users: new Map(['req', 'o1', 'c1', 'c2', 'u1', 'm1'].map((x) => [x, person(x)])),
            nominated: nominees.map((n) => ({ id: n, name: n })),
          }),
        )
        for (const s of r.rules) {
          expect(s.eligibleIds).not.toContain('req')
          expect(new Set(s.eligibleIds).size).toBe(s.eligibleIds.length)
          expect(s.required).toBeGreaterThanOrEqual(1)
          expect(s.required).toBeLessThanOrEqual(s.eligibleIds.length)
          if (s.mode === 'ALL') expect(s.required).toBe(s.eligibleIds.length)
        }
        if (r.reasons.length > 0) expect(r.rules).toEqual([])
      }),
    )
  })
})

const rule = (over: Partial<SnapshotRule>): SnapshotRule => ({ position: 1, stage: 1, description: 'd', mode: 'ALL', required: 1, eligibleIds: ['a'], ...over })
let clock = 0
const so = (approverId: string, decision: 'APPROVED' | 'REJECTED' = 'APPROVED', fingerprint = 'fp', revisionNumber = 1): SeatSignOff => ({
  approverId,
  decision,
  fingerprint,
  revisionNumber,
  signedAt: new Date(++clock * 1000),
})

describe('evaluatePolicy', () => {
  const owners = rule({ position: 1, stage: 1, description: 'all owners', mode: 'ALL', required: 2, eligibleIds: ['o1', 'o2'] })
  const board = rule({ position: 2, stage: 2, description: '2 of the 3 CAB members', mode: 'N_OF_M', required: 2, eligibleIds: ['c1', 'c2', 'c3'] })
  it('ALL needs every eligible seat; stage 2 opens only after stage 1 holds', () => {
    const first = evaluatePolicy([owners, board], [so('o1')], 'fp')
    expect(first).toMatchObject({ satisfied: false, openStage: 1, vetoedBy: [] })
    expect(first.rules.map((r) => [r.open, r.remaining])).toEqual([[true, 1], [false, 2]])
    const second = evaluatePolicy([owners, board], [so('o1'), so('o2'), so('c1')], 'fp')
    expect(second.rules.map((r) => [r.open, r.satisfied])).toEqual([[true, true], [true, false]])
    expect(newlyOpenSeats(first, second)).toEqual(['c1', 'c2', 'c3'])
    expect(progressInWords(second.rules[1]!)).toBe('Awaiting 1 more approval for 2 of the 3 CAB members (1 of 2 so far).')
    expect(evaluatePolicy([owners, board], [so('o1'), so('o2'), so('c1'), so('c3')], 'fp').satisfied).toBe(true)
  })
  it('ANY needs one; an approval counts toward every rule its signer is eligible for', () => {
    const anyRule = rule({ mode: 'ANY', required: 1, eligibleIds: ['a', 'b'] })
    const shared = rule({ position: 2, mode: 'ALL', required: 1, eligibleIds: ['b'] })
    expect(evaluatePolicy([anyRule, shared], [so('b')], 'fp').satisfied).toBe(true)
  })
  it('only the current fingerprint and each seat’s latest decision count; outsiders never count', () => {
    const anyRule = rule({ mode: 'ANY', required: 1, eligibleIds: ['a'] })
    expect(evaluatePolicy([anyRule], [so('a', 'APPROVED', 'old')], 'fp').satisfied).toBe(false)
    expect(evaluatePolicy([anyRule], [so('x')], 'fp').satisfied).toBe(false)
    expect(evaluatePolicy([anyRule], [so('a', 'REJECTED', 'fp', 1), so('a', 'APPROVED', 'fp', 2)], 'fp')).toMatchObject({ satisfied: true, vetoedBy: [] })
    expect(evaluatePolicy([anyRule], [so('a')], null).satisfied).toBe(false)
    expect(evaluatePolicy([], [so('a')], 'fp').satisfied).toBe(false)
  })
  it('a rejection by any eligible seat vetoes, even once the quorum holds', () => {
    const r = evaluatePolicy([rule({ mode: 'N_OF_M', required: 1, eligibleIds: ['a', 'b'] })], [so('a'), so('b', 'REJECTED')], 'fp')
    expect(r).toMatchObject({ satisfied: false, vetoedBy: ['b'] })
  })
  it('a malformed rule (required 0, or above its eligible count) never holds', () => {
    expect(evaluatePolicy([rule({ required: 0 })], [], 'fp').satisfied).toBe(false)
    expect(evaluatePolicy([rule({ required: 2, eligibleIds: ['a', 'a'] })], [so('a')], 'fp').satisfied).toBe(false)
  })

  const seat = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'x')
  const arbRules = fc.array(
    fc.record({ stage: fc.integer({ min: 1, max: 3 }), eligibleIds: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 4 }), n: fc.integer({ min: 1, max: 4 }) }),
    { minLength: 1, maxLength: 4 },
  ).map((list) => list.map((r, i): SnapshotRule => ({ position: i + 1, stage: r.stage, description: `r${i}`, mode: 'N_OF_M', required: Math.min(r.n, r.eligibleIds.length), eligibleIds: r.eligibleIds })))
  const arbSignOffs = fc.array(
    fc.record({ approverId: seat, decision: fc.constantFrom('APPROVED' as const, 'REJECTED' as const), fingerprint: fc.constantFrom('fp', 'old'), revisionNumber: fc.integer({ min: 1, max: 3 }), signedAt: fc.integer({ min: 0, max: 1e6 }).map((n) => new Date(n)) }),
    { maxLength: 12 },
  )
  it('property: satisfied ⇒ every rule has `required` distinct eligible seats whose latest current decision is APPROVED', () => {
    fc.assert(
      fc.property(arbRules, arbSignOffs, (rules, signOffs) => {
        const r = evaluatePolicy(rules, signOffs, 'fp')
        if (!r.satisfied) return
        for (const x of rules) {
          const approving = x.eligibleIds.filter((id) => {
            const mine = signOffs.filter((s) => s.approverId === id && s.fingerprint === 'fp')
            const last = [...mine].sort((p, q) => q.revisionNumber - p.revisionNumber || q.signedAt.getTime() - p.signedAt.getTime())[0]
            return last?.decision === 'APPROVED'
          })
          expect(approving.length).toBeGreaterThanOrEqual(x.required)
        }
      }),
    )
  })
  it('property: a veto always blocks', () => {
    fc.assert(
      fc.property(arbRules, arbSignOffs, (rules, signOffs) => {
        const vetoer = rules[0]!.eligibleIds[0]!
        const r = evaluatePolicy(rules, [...signOffs, { approverId: vetoer, decision: 'REJECTED', fingerprint: 'fp', revisionNumber: 9, signedAt: new Date(2e6) }], 'fp')
        expect(r.satisfied).toBe(false)
        expect(r.vetoedBy).toContain(vetoer)
      }),
    )
  })
  it('property: stage order holds: no rule of a later stage is open while an earlier stage has an unmet rule', () => {
    fc.assert(
      fc.property(arbRules, arbSignOffs, (rules, signOffs) => {
        const r = evaluatePolicy(rules, signOffs, 'fp')
        for (const open of r.rules.filter((x) => x.open)) {
          expect(r.rules.filter((x) => x.rule.stage < open.rule.stage).every((x) => x.satisfied)).toBe(true)
        }
      }),
    )
  })
})

describe('delegation', () => {
  const d = (over: Partial<DelegationGrant> = {}): DelegationGrant => ({
    delegatorId: 'avery',
    delegateId: 'blake',
    startsAt: new Date('2026-03-28T00:00:00Z'),
    endsAt: new Date('2026-04-02T00:00:00Z'),
    revokedAt: null,
    ...over,
  })
  it('runs within [startsAt, endsAt) and not once revoked', () => {
    expect(delegationActive(d(), new Date('2026-03-28T00:00:00Z'))).toBe(true)
    expect(delegationActive(d(), new Date('2026-04-02T00:00:00Z'))).toBe(false)
    expect(delegationActive(d(), new Date('2026-03-27T23:59:59Z'))).toBe(false)
    expect(delegationActive(d({ revokedAt: new Date('2026-03-29T00:00:00Z') }), new Date('2026-03-30T00:00:00Z'))).toBe(false)
  })
  it('is instants in UTC, so a window spanning a DST change lasts exactly its hours', () => {
    // Europe/Berlin springs forward on 2026-03-29 at 01:00 UTC; the delegation is stored as instants.
    const overDst = d({ startsAt: new Date('2026-03-29T00:30:00Z'), endsAt: new Date('2026-03-29T01:30:00Z') })
    expect(delegationActive(overDst, new Date('2026-03-29T01:00:00Z'))).toBe(true)
    expect(delegationActive(overDst, new Date('2026-03-29T01:30:00Z'))).toBe(false)
  })
  it('does not chain: the delegate of a delegate gets only the direct seat', () => {
    const at = new Date('2026-03-30T00:00:00Z')
    const chain = [d(), d({ delegatorId: 'blake', delegateId: 'casey' })]
    expect(delegatedSeats('casey', chain, at)).toEqual(['blake'])
    expect(delegatedSeats('blake', chain, at)).toEqual(['avery'])
  })
  it('chooses the seat, refusing the requester, outsiders, missing delegations and later stages', () => {
    const now = new Date('2026-03-30T00:00:00Z')
    const rules = [
      rule({ position: 1, stage: 1, description: 'all owners', required: 1, eligibleIds: ['avery'] }),
      rule({ position: 2, stage: 2, description: '2 of the 3 CAB members', mode: 'N_OF_M', required: 2, eligibleIds: ['c1', 'c2', 'blake'] }),
    ]
    const evaluation = evaluatePolicy(rules, [], 'fp')
    const names = new Map([['avery', 'Avery Approver'], ['blake', 'Blake Approver']])
    const base = { requesterId: 'req', evaluation, delegations: [d()], names, now }
    expect(chooseSeat({ ...base, signer: { id: 'blake', name: 'Blake Approver' }, onBehalfOfId: 'avery' })).toEqual({ ok: true, seatId: 'avery', onBehalfOf: true })
    expect(chooseSeat({ ...base, signer: { id: 'blake', name: 'Blake Approver' } })).toEqual({
      ok: false,
      message: 'You sign in stage 2 (2 of the 3 CAB members), which is asked only once stage 1 holds: it is not asked yet.',
    })
    expect(chooseSeat({ ...base, signer: { id: 'casey', name: 'Casey' }, onBehalfOfId: 'avery' })).toMatchObject({ ok: false, message: expect.stringMatching(/running delegation from Avery Approver/) })
    expect(chooseSeat({ ...base, signer: { id: 'blake', name: 'Blake Approver' }, onBehalfOfId: 'avery', now: new Date('2026-04-03T00:00:00Z') }).ok).toBe(false)
    expect(chooseSeat({ ...base, requesterId: 'blake', signer: { id: 'blake', name: 'Blake Approver' }, onBehalfOfId: 'avery' })).toEqual({
      ok: false,
      message: 'You raised this change, so you cannot sign it off.',
    })
    expect(chooseSeat({ ...base, signer: { id: 'zed', name: 'Zed' } })).toEqual({ ok: false, message: 'You are not a required approver of this change.' })
    expect(signedByInWords('Avery Approver', 'Blake Approver')).toBe('Blake Approver on behalf of Avery Approver')
    expect(signedByInWords('Avery Approver', null)).toBe('Avery Approver')
  })
})

describe('selectPolicy', () => {
  const p = (name: string, over: Partial<PolicyCandidate>): PolicyCandidate => ({ name, active: true, changeType: null, riskLevel: null, criticality: null, ...over })
  const policies = [
    p('High', { riskLevel: 'HIGH' }),
    p('High critical', { riskLevel: 'HIGH', criticality: 'CRITICAL' }),
    p('Low', { riskLevel: 'LOW' }),
    p('Emergency', { changeType: 'EMERGENCY' }),
    p('Medium off', { riskLevel: 'MEDIUM', active: false }),
  ]
  it('most specific active match first, then risk only, else none (DEFAULT_RULES)', () => {
    expect(selectPolicy(policies, { type: 'NORMAL', riskLevel: 'HIGH', criticalities: ['LOW', 'CRITICAL'] })?.name).toBe('High critical')
    expect(selectPolicy(policies, { type: 'NORMAL', riskLevel: 'HIGH', criticalities: ['HIGH'] })?.name).toBe('High')
    expect(selectPolicy(policies, { type: 'NORMAL', riskLevel: 'HIGH', criticalities: [] })?.name).toBe('High')
    expect(selectPolicy(policies, { type: 'NORMAL', riskLevel: 'MEDIUM', criticalities: ['LOW'] })).toBeNull()
  })
  it('EMERGENCY takes the emergency policy; without one, risk decides', () => {
    expect(selectPolicy(policies, { type: 'EMERGENCY', riskLevel: 'LOW', criticalities: [] })?.name).toBe('Emergency')
    expect(selectPolicy(policies.filter((x) => x.name !== 'Emergency'), { type: 'EMERGENCY', riskLevel: 'LOW', criticalities: [] })?.name).toBe('Low')
  })
})

describe('policyInWords', () => {
  it('says a policy stage by stage, naming M once it is known', () => {
    const names = { groups: new Map([[GROUP, 'CAB']]), users: new Map([['u1', 'Uma One']]) }
    expect(policyInWords(HIGH, names, [undefined, 5])).toBe('all owners of the affected services, then 2 of the 5 CAB members')
    expect(policyInWords([...EMERGENCY_RULES, { stage: 1, eligible: { kind: 'USERS', userIds: ['u1', 'gone'] }, count: { mode: 'ALL' } }], names)).toBe(
      'any one of the change managers and all of Uma One, a former user',
    )
    expect(stagesInWords([{ stage: 2, text: 'b' }, { stage: 1, text: 'a' }, { stage: 1, text: 'c' }])).toBe('a and c, then b')
  })
})

describe('the scheduling gate under a policy', () => {
  const owners = rule({ position: 1, stage: 1, description: 'all owners', mode: 'ALL', required: 2, eligibleIds: ['o1', 'o2'] })
  const board = rule({ position: 2, stage: 2, description: '2 of the 3 CAB members', mode: 'N_OF_M', required: 2, eligibleIds: ['c1', 'c2', 'c3'] })
  const people = ['o1', 'o2', 'c1', 'c2', 'c3'].map((id) => ({ id, name: id.toUpperCase() }))
  const gate = (signOffs: SeatSignOff[]) => {
    const state = withPolicy(summarizeSignOffs(people, signOffs, 'fp'), evaluatePolicy([owners, board], signOffs, 'fp'))
    const change = { status: 'SUBMITTED' as const, type: 'NORMAL' as const, windowStart: null, windowEnd: null, fingerprint: 'fp' }
    return evaluateSchedulingGate({ change, signOffs: state, freeze: { blocking: [], permitted: [] }, changeConflicts: [], now: new Date(0) }).checks.find((c) => c.id === 'sign-offs')
  }
  it('names who each ALL rule awaits and every rule not met; a later stage is not asked yet', () => {
    expect(gate([so('o1')])?.reasons.map((r) => r.message)).toEqual([
      'Awaiting sign-off from O2.',
      'Awaiting 1 more approval for all owners (1 of 2 so far).',
      'Awaiting 2 more approvals for 2 of the 3 CAB members (0 of 2 so far). Stage 2 is asked once the earlier stages hold.',
    ])
    expect(gate([so('o1'), so('o2'), so('c1')])?.reasons.map((r) => r.message)).toEqual(['Awaiting 1 more approval for 2 of the 3 CAB members (1 of 2 so far).'])
    expect(gate([so('o1'), so('o2'), so('c1'), so('c2')])?.passed).toBe(true)
  })
  it('a veto is the one reason', () => {
    expect(gate([so('o1'), so('o2'), so('c1', 'REJECTED')])?.reasons.map((r) => r.code)).toEqual(['sign-off-rejected'])
  })
})

describe('change:sign-off with delegated seats', () => {
  const blake = { id: 'blake', name: 'Blake', roles: ['APPROVER'] as const }
  const change = { requesterId: 'req', status: 'SUBMITTED' as const, type: 'NORMAL' as const, approverIds: ['avery'] }
  it('a delegate holding an approver’s seat may sign; without it, or as the requester, never', () => {
    expect(can(blake, 'change:sign-off', change)).toBe(false)
    expect(can(blake, 'change:sign-off', { ...change, delegatorIds: ['avery'] })).toBe(true)
    expect(can(blake, 'change:sign-off', { ...change, delegatorIds: ['someone-else'] })).toBe(false)
    expect(whyDenied(blake, 'change:sign-off', { ...change, requesterId: 'blake', delegatorIds: ['avery'] })).toBe('You raised this change, so you cannot sign it off.')
    expect(can({ ...blake, via: 'token', tokenScope: 'WRITE' }, 'change:sign-off', { ...change, delegatorIds: ['avery'] })).toBe(false)
  })
})
