// Out of office: a delegate signs in the delegator's seat while the
// delegation runs. Delegation does not chain (only a delegation made *to*
// the signer counts, so a delegate's own delegation never passes the seat
// on), and it never lets anyone sign a change they requested.
import type { Person } from '../shared/types'
import { openSeats, type PolicyEvaluation } from './evaluate'

export type DelegationGrant = { delegatorId: string; delegateId: string; startsAt: Date; endsAt: Date; revokedAt: Date | null }

/** Running at `at`: started, not ended ([startsAt, endsAt)), not revoked by then. */
export function delegationActive(d: DelegationGrant, at: Date): boolean {
  const t = at.getTime()
  return d.startsAt.getTime() <= t && t < d.endsAt.getTime() && (d.revokedAt === null || d.revokedAt.getTime() > t)
}

/** The seats `signerId` holds by delegation at `at` (delegators only; never chained). */
export function delegatedSeats(signerId: string, delegations: readonly DelegationGrant[], at: Date): string[] {
  return [...new Set(delegations.filter((d) => d.delegateId === signerId && d.delegatorId !== signerId && delegationActive(d, at)).map((d) => d.delegatorId))]
}

export type SeatChoice = { ok: true; seatId: string; onBehalfOf: boolean } | { ok: false; message: string }

/**
 * Which seat a sign-off by `signer` fills: their own, or (with `onBehalfOfId`)
 * a delegator's. Refuses the requester, people not eligible, and seats of a
 * later stage that is not asked yet, saying which.
 */
export function chooseSeat(input: {
  signer: Person
  onBehalfOfId?: string | undefined
  requesterId: string
  evaluation: PolicyEvaluation
  delegations: readonly DelegationGrant[]
  names: ReadonlyMap<string, string>
  now: Date
}): SeatChoice {
  const { signer, onBehalfOfId, evaluation } = input
  if (signer.id === input.requesterId) return { ok: false, message: 'You raised this change, so you cannot sign it off.' }
  const seatId = onBehalfOfId && onBehalfOfId !== signer.id ? onBehalfOfId : signer.id
  const delegated = seatId !== signer.id
  const seatName = input.names.get(seatId) ?? 'this approver'
  if (delegated && !delegatedSeats(signer.id, input.delegations, input.now).includes(seatId)) {
    return { ok: false, message: `You do not hold a running delegation from ${seatName}, so you cannot sign on their behalf.` }
  }
  const rules = evaluation.rules.filter((r) => r.rule.eligibleIds.includes(seatId))
  if (rules.length === 0) {
    return { ok: false, message: delegated ? `${seatName} is not an approver of this change.` : 'You are not a required approver of this change.' }
  }
  if (!openSeats(evaluation).has(seatId)) {
    const first = rules[0]
    const stage = first ? first.rule.stage : 0
    const who = delegated ? `${seatName} signs` : 'You sign'
    return {
      ok: false,
      message: `${who} in stage ${stage} (${first?.rule.description ?? ''}), which is asked only once stage ${evaluation.openStage ?? 1} holds: it is not asked yet.`,
    }
  }
  return { ok: true, seatId, onBehalfOf: delegated }
}

/** "Blake Approver on behalf of Avery Approver", or just the signer's name. */
export function signedByInWords(seatName: string, delegateName: string | null): string {
  return delegateName === null ? seatName : `${delegateName} on behalf of ${seatName}`
}
