import 'server-only'
import { delegatedSeats, type DelegationGrant } from '@/lib/domain/approval-policy/delegation'
import type { ChangeResource } from '@/lib/domain/authz/policy'
import type { Actor } from '@/lib/domain/shared/types'
import type { Tx } from '@/lib/server/db'

/** Delegations made to `delegateId` that run at `now` (the domain re-checks the window). */
export async function delegationsTo(db: Tx, delegateId: string, now: Date): Promise<DelegationGrant[]> {
  return db.delegation.findMany({
    where: { delegateId, startsAt: { lte: now }, endsAt: { gt: now }, OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] },
    select: { delegatorId: true, delegateId: true, startsAt: true, endsAt: true, revokedAt: true },
  })
}

/** The change as the policy sees it for this actor: with the seats they hold by delegation. */
export async function withDelegatedSeats<C extends ChangeResource>(db: Tx, actor: Actor, change: C, now: Date): Promise<C & { delegatorIds: string[]; delegations: DelegationGrant[] }> {
  const delegations = await delegationsTo(db, actor.id, now)
  return { ...change, delegatorIds: delegatedSeats(actor.id, delegations, now), delegations }
}
