// Out of office: an approver names a delegate who signs in their seat for a
// date range ("Blake Approver on behalf of Avery Approver"). These are the
// rules a new delegation must pass; who may sign for whom at a given moment is
// the policy evaluator's business (delegation.ts). Ranges are half-open UTC intervals.
import type { Role, UserKind } from '../shared/types'
import { formatInZone, instantToWallTime } from '../time/zoned'

/** Longest out-of-office range, in calendar days of the delegator's zone. */
export const MAX_DELEGATION_DAYS = 90
/** A start a little in the past is "from now": the form fills in the current minute, which passes while the user types. */
export const DELEGATION_START_GRACE_MS = 15 * 60_000

const DAY_MS = 86_400_000

/** Roles that can sign off a change: a delegate must be able to sign the seat they hold. */
const SIGNER_ROLES: readonly Role[] = ['APPROVER', 'CHANGE_MANAGER']

export type DelegatePerson = { id: string; name: string; active: boolean; kind: UserKind; roles: readonly Role[] }

/** A stored delegation, with names for the messages. */
export type DelegationSpan = {
  id: string
  delegatorId: string
  delegatorName: string
  delegateId: string
  delegateName: string
  startsAt: Date
  endsAt: Date
  revokedAt: Date | null
}

export type DelegationRequest = {
  delegatorId: string
  /** Null when the chosen id is nobody. */
  delegate: DelegatePerson | null
  startsAt: Date
  endsAt: Date
  /** The delegator's zone: the 90 days are counted on their calendar, and messages show times in it. */
  timeZone: string
}

export type DelegationProblem = { field: 'delegateId' | 'startsAt' | 'endsAt'; message: string }

export function rangesOverlap(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt
}

function delegateProblem(request: DelegationRequest): string | null {
  const delegate = request.delegate
  if (!delegate) return 'Choose a delegate from the list.'
  if (delegate.id === request.delegatorId) return 'Choose someone else: you cannot stand in for yourself.'
  if (!delegate.active || delegate.kind !== 'HUMAN') return 'Choose an active person: deactivated users and service accounts cannot stand in.'
  if (!delegate.roles.some((role) => SIGNER_ROLES.includes(role))) return `${delegate.name} cannot sign off changes: choose an approver or a change manager.`
  return null
}

/**
 * The span's length on the delegator's wall clock, so "90 days" means 90
 * calendar days even when a DST change makes one of them 23 or 25 hours long.
 */
function calendarLengthMs(request: DelegationRequest): number {
  return instantToWallTime(request.endsAt, request.timeZone) - instantToWallTime(request.startsAt, request.timeZone)
}

function rangeProblems(request: DelegationRequest, now: Date): DelegationProblem[] {
  if (request.endsAt <= request.startsAt) return [{ field: 'endsAt', message: 'The end must be after the start.' }]
  const problems: DelegationProblem[] = []
  if (request.startsAt.getTime() < now.getTime() - DELEGATION_START_GRACE_MS) {
    problems.push({ field: 'startsAt', message: 'The start is in the past: choose now or later.' })
  }
  if (calendarLengthMs(request) > MAX_DELEGATION_DAYS * DAY_MS) {
    problems.push({ field: 'endsAt', message: `A delegation lasts at most ${MAX_DELEGATION_DAYS} days: choose an earlier end.` })
  }
  return problems
}

/**
 * No overlapping delegations of one seat, and no chains: the delegate must
 * not have handed their own seat on for any of the time, and the delegator
 * must not be standing in for someone else meanwhile (their seat would pass on).
 */
function overlapProblems(request: DelegationRequest, existing: readonly DelegationSpan[]): DelegationProblem[] {
  const live = existing.filter((d) => d.revokedAt === null && rangesOverlap(d, request))
  const when = (d: DelegationSpan) => `${formatInZone(d.startsAt, request.timeZone)} to ${formatInZone(d.endsAt, request.timeZone)}`
  const problems: DelegationProblem[] = []
  const own = live.find((d) => d.delegatorId === request.delegatorId)
  if (own) problems.push({ field: 'startsAt', message: `You already have ${own.delegateName} standing in from ${when(own)}: revoke that first or choose other dates.` })
  const delegateAway = request.delegate ? live.find((d) => d.delegatorId === request.delegate?.id) : undefined
  if (delegateAway) {
    problems.push({ field: 'delegateId', message: `${delegateAway.delegatorName} is out of office from ${when(delegateAway)} (${delegateAway.delegateName} stands in); delegation does not chain.` })
  }
  const standingIn = live.find((d) => d.delegateId === request.delegatorId)
  if (standingIn) {
    problems.push({ field: 'startsAt', message: `You stand in for ${standingIn.delegatorName} from ${when(standingIn)}; delegation does not chain, so ask them to name someone else first.` })
  }
  return problems
}

/** Every reason the delegation may not be made; empty when it may. `existing`: delegations involving either person. */
export function delegationProblems(request: DelegationRequest, existing: readonly DelegationSpan[], now: Date): DelegationProblem[] {
  const who = delegateProblem(request)
  const problems: DelegationProblem[] = who ? [{ field: 'delegateId', message: who }] : []
  // Overlaps only mean something for a well-formed range.
  const overlaps = request.endsAt > request.startsAt ? overlapProblems(request, existing) : []
  return [...problems, ...rangeProblems(request, now), ...overlaps]
}

export type DelegationState = 'UPCOMING' | 'CURRENT' | 'ENDED' | 'REVOKED'

export function delegationState(d: { startsAt: Date; endsAt: Date; revokedAt: Date | null }, now: Date): DelegationState {
  if (d.revokedAt !== null) return 'REVOKED'
  if (now >= d.endsAt) return 'ENDED'
  return now < d.startsAt ? 'UPCOMING' : 'CURRENT'
}

export const DELEGATION_STATE_LABELS: Readonly<Record<DelegationState, string>> = {
  UPCOMING: 'Upcoming',
  CURRENT: 'In effect now',
  ENDED: 'Ended',
  REVOKED: 'Revoked',
}
