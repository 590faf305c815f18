import type { Metadata } from 'next'
import Link from 'next/link'
import { WebhookButton as ActionButton } from '@/components/admin/webhook-button'
import { DelegationTable } from '@/components/delegations/delegation-table'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { listCurrentDelegations } from '@/lib/server/delegations/manage-delegations'
import { viewerTimeZone } from '@/lib/server/viewer'
import { revokeDelegationAction } from '../../profile/delegation-actions'

export const metadata: Metadata = { title: 'Delegations' }

export default async function DelegationsPage() {
  const actor = await requireActor()
  forbidIfCannot(actor, 'policy:manage')
  const delegations = await listCurrentDelegations(actor)
  const timeZone = viewerTimeZone(actor)
  return (
    <div className="space-y-6">
      <p>
        <Link href="/admin/policies" className="link">
          ← Approval policies
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Delegations</h1>
      <p className="max-w-3xl text-slate-700">
        Approvers who are out of office, and who signs in their seat meanwhile (in effect now or upcoming; times in {timeZone}). Each approver names and
        revokes their own delegate on their profile page; revoke one here when its approver cannot (someone who has left, say).
      </p>
      {delegations.length === 0 ? (
        <p>Nobody has delegated their seat.</p>
      ) : (
        <DelegationTable
          caption="Current and upcoming delegations"
          delegations={delegations}
          timeZone={timeZone}
          show="both"
          action={(d) => (
            <ActionButton
              action={revokeDelegationAction}
              fields={{ delegationId: d.id }}
              label="Revoke"
              accessibleLabel={`Revoke ${d.delegate.name}'s delegation for ${d.delegator.name}`}
              confirm={`Revoke ${d.delegate.name}'s delegation for ${d.delegator.name}?`}
            />
          )}
        />
      )}
    </div>
  )
}
