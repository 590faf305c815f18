import { describe, expect, it } from 'vitest'
import { localInputToUtc } from '../time/zoned'
import {
  DELEGATION_START_GRACE_MS,
  delegationProblems,
  delegationState,
  type DelegatePerson,
  type DelegationRequest,
  type DelegationSpan,
} from './delegation-rules'

const NOW = new Date('2026-12-07T12:00:00Z')
const HOUR = 3_600_000
const DAY = 24 * HOUR

const blake: DelegatePerson = { id: 'blake', name: 'Blake Approver', active: true, kind: 'HUMAN', roles: ['APPROVER'] }

function request(overrides: Partial<DelegationRequest> = {}): DelegationRequest {
  return { delegatorId: 'avery', delegate: blake, startsAt: new Date(NOW.getTime() + DAY), endsAt: new Date(NOW.getTime() + 8 * DAY), timeZone: 'UTC', ...overrides }
}

function span(overrides: Partial<DelegationSpan>): DelegationSpan {
  return {
    id: 'd1',
    delegatorId: 'avery',
    delegatorName: 'Avery Approver',
    delegateId: 'casey',
    delegateName: 'Casey Approver',
    startsAt: new Date(NOW.getTime() + 3 * DAY),
    endsAt: new Date(NOW.getTime() + 5 * DAY),
    revokedAt: null,
    ...overrides,
  }
}

const fields = (problems: { field: string }[]) => problems.map((p) => p.field)

describe('delegationProblems: who may stand in', () => {
  it('accepts an active human approver for a week starting tomorrow', () => {
    expect(delegationProblems(request(), [], NOW)).toEqual([])
  })

  it('accepts a change manager as delegate', () => {
    expect(delegationProblems(request({ delegate: { ...blake, roles: ['CHANGE_MANAGER'] } }), [], NOW)).toEqual([])
  })

  it.each([
    ['nobody', null, /Choose a delegate/],
    ['the delegator', { ...blake, id: 'avery' }, /yourself/],
    ['a deactivated user', { ...blake, active: false }, /active person/],
    ['a service account', { ...blake, kind: 'SERVICE' as const }, /active person/],
    ['someone who cannot sign', { ...blake, roles: ['REQUESTER' as const] }, /cannot sign off/],
  ])('refuses %s', (_label, delegate, message) => {
    const problems = delegationProblems(request({ delegate }), [], NOW)
    expect(fields(problems)).toEqual(['delegateId'])
    expect(problems[0]?.message).toMatch(message)
  })
})

describe('delegationProblems: the range', () => {
  it('refuses an end at or before the start', () => {
    const start = new Date(NOW.getTime() + DAY)
    expect(fields(delegationProblems(request({ startsAt: start, endsAt: start }), [], NOW))).toEqual(['endsAt'])
  })

  it('refuses a start in the past beyond the grace period, and accepts one within it', () => {
    const late = new Date(NOW.getTime() - DELEGATION_START_GRACE_MS - 60_000)
    expect(fields(delegationProblems(request({ startsAt: late }), [], NOW))).toEqual(['startsAt'])
    const justNow = new Date(NOW.getTime() - DELEGATION_START_GRACE_MS)
    expect(delegationProblems(request({ startsAt: justNow }), [], NOW)).toEqual([])
  })

  it('accepts exactly 90 days and refuses a minute more', () => {
    const startsAt = new Date(NOW.getTime() + DAY)
    expect(delegationProblems(request({ startsAt, endsAt: new Date(startsAt.getTime() + 90 * DAY) }), [], NOW)).toEqual([])
    expect(fields(delegationProblems(request({ startsAt, endsAt: new Date(startsAt.getTime() + 90 * DAY + 60_000) }), [], NOW))).toEqual(['endsAt'])
  })

  // Across a DST change one day is 23 or 25 hours long: the 90 days are counted on the delegator's calendar.
  it('counts 90 calendar days across the autumn DST change (one 25-hour day)', () => {
    const now = new Date('2026-09-01T00:00:00Z')
    const startsAt = localInputToUtc('2026-09-10T09:00', 'Europe/London')
    const endsAt = localInputToUtc('2026-12-09T09:00', 'Europe/London') // 90 days later, after the clocks went back on 25 October
    const tooLong = localInputToUtc('2026-12-09T09:01', 'Europe/London')
    if (!startsAt || !endsAt || !tooLong) throw new Error('fixture times must exist')
    expect(endsAt.getTime() - startsAt.getTime()).toBe(90 * DAY + HOUR)
    expect(delegationProblems(request({ startsAt, endsAt, timeZone: 'Europe/London' }), [], now)).toEqual([])
    expect(fields(delegationProblems(request({ startsAt, endsAt: tooLong, timeZone: 'Europe/London' }), [], now))).toEqual(['endsAt'])
  })

  it('counts 90 calendar days across the spring DST change (one 23-hour day)', () => {
    const now = new Date('2027-01-01T00:00:00Z')
    const startsAt = localInputToUtc('2027-01-20T09:00', 'America/New_York')
    const endsAt = localInputToUtc('2027-04-20T09:00', 'America/New_York') // clocks went forward on 14 March
    const tooLong = localInputToUtc('2027-04-20T09:01', 'America/New_York')
    if (!startsAt || !endsAt || !tooLong) throw new Error('fixture times must exist')
    expect(endsAt.getTime() - startsAt.getTime()).toBe(90 * DAY - HOUR)
    expect(delegationProblems(request({ startsAt, endsAt, timeZone: 'America/New_York' }), [], now)).toEqual([])
    expect(fields(delegationProblems(request({ startsAt, endsAt: tooLong, timeZone: 'America/New_York' }), [], now))).toEqual(['endsAt'])
  })
})

describe('delegationProblems: overlaps and chains', () => {
  it('refuses a second delegation of the same seat that overlaps, naming the first', () => {
    const problems = delegationProblems(request(), [span({})], NOW)
    expect(fields(problems)).toEqual(['startsAt'])
    expect(problems[0]?.message).toContain('Casey Approver')
  })

  it('allows back-to-back ranges (half-open) and ignores revoked delegations', () => {
    const first = span({ startsAt: new Date(NOW.getTime() + DAY), endsAt: new Date(NOW.getTime() + 2 * DAY) })
    expect(delegationProblems(request({ startsAt: first.endsAt, endsAt: new Date(first.endsAt.getTime() + DAY) }), [first], NOW)).toEqual([])
    expect(delegationProblems(request(), [span({ revokedAt: NOW })], NOW)).toEqual([])
  })

  it('refuses a delegate who has handed on their own seat for part of the range', () => {
    const blakeAway = span({ delegatorId: 'blake', delegatorName: 'Blake Approver', delegateId: 'casey' })
    const problems = delegationProblems(request(), [blakeAway], NOW)
    expect(fields(problems)).toEqual(['delegateId'])
    expect(problems[0]?.message).toMatch(/does not chain/)
  })

  it('refuses a delegator who stands in for someone else meanwhile', () => {
    const averyStandsIn = span({ delegatorId: 'drew', delegatorName: 'Drew Approver', delegateId: 'avery', delegateName: 'Avery Approver' })
    const problems = delegationProblems(request(), [averyStandsIn], NOW)
    expect(fields(problems)).toEqual(['startsAt'])
    expect(problems[0]?.message).toContain('Drew Approver')
  })

  it('allows the chain-shaped pair when the ranges do not overlap', () => {
    const blakeAwayLater = span({ delegatorId: 'blake', startsAt: new Date(NOW.getTime() + 20 * DAY), endsAt: new Date(NOW.getTime() + 25 * DAY) })
    expect(delegationProblems(request(), [blakeAwayLater], NOW)).toEqual([])
  })
})

describe('delegationState', () => {
  const d = { startsAt: new Date(NOW.getTime() + HOUR), endsAt: new Date(NOW.getTime() + 2 * HOUR), revokedAt: null }
  it('reads upcoming, current, ended and revoked', () => {
    expect(delegationState(d, NOW)).toBe('UPCOMING')
    expect(delegationState(d, d.startsAt)).toBe('CURRENT')
    expect(delegationState(d, d.endsAt)).toBe('ENDED')
    expect(delegationState({ ...d, revokedAt: NOW }, NOW)).toBe('REVOKED')
  })
})
