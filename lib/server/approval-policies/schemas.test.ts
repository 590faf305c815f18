import { describe, expect, it } from 'vitest'
import { ZCreateDelegationInput } from '@/lib/server/delegations/schemas'
import { ZCreatePolicyInput, ZSavePolicyRulesInput } from './schemas'

const ID = '00000000-0000-4000-8000-000000000001'
const U2 = '00000000-0000-4000-8000-000000000002'

/** The field names and messages a failed parse reports, as the form shows them. */
const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (result.error?.issues ?? []).map((i) => String(i.path[0]))

describe('ZSavePolicyRulesInput: the rules editor rows', () => {
  it('builds the rules from rows 0, 1, … and stops at the first missing row', () => {
    const parsed = ZSavePolicyRulesInput.parse({
      policyId: ID,
      baseVersion: '3',
      'stage-0': '1',
      'who-0': 'USERS',
      'userIds-0': [ID, U2, ID],
      'count-0': 'N_OF_M',
      'n-0': '2',
      'stage-1': '2',
      'who-1': 'CHANGE_MANAGERS',
      'count-1': 'ANY',
      // Row 2 is missing, so row 3 is not read.
      'who-3': 'SERVICE_OWNERS',
    })
    expect(parsed).toEqual({
      policyId: ID,
      baseVersion: 3,
      rules: [
        { stage: 1, eligible: { kind: 'USERS', userIds: [ID, U2] }, count: { mode: 'N_OF_M', n: 2 } },
        { stage: 2, eligible: { kind: 'CHANGE_MANAGERS' }, count: { mode: 'ANY' } },
      ],
    })
  })

  it('reads a single chosen person (one form value, not a list)', () => {
    const parsed = ZSavePolicyRulesInput.parse({ policyId: ID, baseVersion: '1', 'stage-0': '1', 'who-0': 'USERS', 'userIds-0': ID, 'count-0': 'ALL' })
    expect(parsed.rules[0]?.eligible).toEqual({ kind: 'USERS', userIds: [ID] })
  })

  it('puts each problem on its own row and input', () => {
    const result = ZSavePolicyRulesInput.safeParse({
      policyId: ID,
      baseVersion: '1',
      'stage-0': '1',
      'who-0': 'GROUP',
      'groupId-0': '',
      'count-0': 'N_OF_M',
      'n-0': '',
      'stage-1': '9',
      'who-1': 'USERS',
      'count-1': 'SOME',
    })
    expect(fieldsOf(result).sort()).toEqual(['count-1', 'groupId-0', 'n-0', 'stage-1'])
  })

  it('asks for at least one rule', () => {
    expect(fieldsOf(ZSavePolicyRulesInput.safeParse({ policyId: ID, baseVersion: '1' }))).toEqual(['rules'])
  })
})

describe('ZCreatePolicyInput', () => {
  it('reads "any criticality" as null and refuses unknown choices', () => {
    expect(ZCreatePolicyInput.parse({ name: ' High ', governs: 'HIGH', criticality: '' })).toEqual({ name: 'High', governs: 'HIGH', criticality: null })
    expect(fieldsOf(ZCreatePolicyInput.safeParse({ name: '', governs: 'SEVERE', criticality: 'HUGE' })).sort()).toEqual(['criticality', 'governs', 'name'])
  })
})

describe('ZCreateDelegationInput: times typed in the viewer’s zone', () => {
  const base = { delegateId: ID, timeZone: 'Europe/London', note: '' }

  it('turns local times into UTC instants, across a DST change', () => {
    const parsed = ZCreateDelegationInput.parse({ ...base, startsAtLocal: '2027-03-20T09:00', endsAtLocal: '2027-04-03T09:00' })
    expect(parsed.startsAt.toISOString()).toBe('2027-03-20T09:00:00.000Z') // GMT
    expect(parsed.endsAt.toISOString()).toBe('2027-04-03T08:00:00.000Z') // BST
  })

  it('refuses a time inside the spring-forward gap, and one that is not a time, on their own fields', () => {
    const result = ZCreateDelegationInput.safeParse({ ...base, startsAtLocal: '2027-03-28T01:30', endsAtLocal: 'next week' })
    expect(result.success).toBe(false)
    const messages = Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]))
    expect(messages.startsAtLocal).toMatch(/does not exist/)
    expect(messages.endsAtLocal).toMatch(/Enter a date and time/)
  })
})
