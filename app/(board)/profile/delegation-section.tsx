import { WebhookButton as ActionButton } from '@/components/admin/webhook-button'
import { DelegationTable } from '@/components/delegations/delegation-table'
import { DelegationForm } from '@/components/profile/delegation-form'
import { can } from '@/lib/domain/authz/policy'
import type { Actor } from '@/lib/domain/shared/types'
import { utcToLocalInput } from '@/lib/domain/time/zoned'
import { listDelegateCandidates, listDelegationsGiven, listDelegationsHeld } from '@/lib/server/delegations/manage-delegations'
import { viewerTimeZone } from '@/lib/server/viewer'
import { createDelegationAction, revokeDelegationAction } from './delegation-actions'

/**
 * Out of office: approvers name who signs in their seat while they are away,
 * and everyone sees whom they stand in for.
 */
export async function DelegationSection({ actor }: { actor: Actor }) {
  const timeZone = viewerTimeZone(actor)
  const ownsSeat = can(actor, 'delegation:manage-own')
  const [held, given, candidates] = await Promise.all([
    listDelegationsHeld(actor),
    ownsSeat ? listDelegationsGiven(actor) : Promise.resolve([]),
    ownsSeat ? listDelegateCandidates(actor) : Promise.resolve([]),
  ])
  if (!ownsSeat && held.length === 0) return null
  return (
    <section aria-labelledby="out-of-office-heading" className="space-y-4">
      <h2 id="out-of-office-heading" className="text-xl font-semibold">
        Out of office
      </h2>
      {held.length > 0 ? (
        <div className="space-y-2">
          <h3 className="text-lg font-semibold">You stand in for</h3>
          <DelegationTable caption="People you sign on behalf of" delegations={held} timeZone={timeZone} show="delegator" />
        </div>
      ) : null}
      {ownsSeat ? (
        <>
          <p className="max-w-3xl text-slate-700">
            While you are away, your delegate signs in your seat: their sign-off is recorded as theirs on your behalf, with both names in the audit trail. A
            delegate cannot hand your seat on, and never signs a change they raised.
          </p>
          <h3 className="text-lg font-semibold">Your delegations</h3>
          {given.length === 0 ? (
            <p>You have not named a delegate.</p>
          ) : (
            <DelegationTable
              caption="Your delegations"
              delegations={given}
              timeZone={timeZone}
              show="delegate"
              action={(d) =>
                d.state === 'CURRENT' || d.state === 'UPCOMING' ? (
                  <ActionButton action={revokeDelegationAction} fields={{ delegationId: d.id }} label="Revoke" accessibleLabel={`Revoke ${d.delegate.name}'s delegation`} />
                ) : null
              }
            />
          )}
          <h3 className="text-lg font-semibold">Name a delegate</h3>
          <DelegationForm action={createDelegationAction} candidates={candidates} timeZone={timeZone} now={utcToLocalInput(new Date(), timeZone)} />
        </>
      ) : null}
    </section>
  )
}
