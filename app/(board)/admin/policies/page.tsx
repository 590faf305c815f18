import type { Metadata } from 'next'
import Link from 'next/link'
import { PolicyForm } from '@/components/admin/policy-form'
import { CRITICALITY_LEVELS, GOVERNS_OPTIONS, governanceInWords, governanceOf } from '@/lib/domain/approval-policy/policy-validation'
import { listPolicies } from '@/lib/server/approval-policies/manage-policies'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { CRITICALITY_LABELS } from '@/lib/server/services/schemas'
import { createPolicyAction } from './actions'

export const metadata: Metadata = { title: 'Approval policies' }

const GOVERNS = GOVERNS_OPTIONS.map((value) => ({ value, label: governanceInWords(governanceOf(value, null)) }))
const CRITICALITIES = CRITICALITY_LEVELS.map((value) => ({ value, label: CRITICALITY_LABELS[value] }))

export default async function PoliciesPage() {
  const actor = await requireActor()
  forbidIfCannot(actor, 'policy:manage')
  const policies = await listPolicies(actor)
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Approval policies</h1>
      <div className="max-w-3xl space-y-2 text-slate-700">
        <p>
          A policy says who must approve a change: for emergency changes, or for a risk level (optionally only when the most critical affected service has a
          given criticality; the most specific active policy wins). Its rules are met stage by stage, and any rejection by an eligible approver is a veto.
          A change no active policy governs needs every owner of its affected services, as before policies existed.
        </p>
        <p>
          Every save is a new version. <strong>Edits apply to changes submitted or materially edited afterwards</strong>; changes already in flight keep the
          version they were submitted under. See also <Link href="/admin/approver-groups" className="link">approver groups</Link> and{' '}
          <Link href="/admin/delegations" className="link">current delegations</Link>.
        </p>
      </div>
      <section aria-labelledby="policies-heading" className="space-y-4">
        <h2 id="policies-heading" className="text-xl font-semibold">
          Policies
        </h2>
        {policies.length === 0 ? (
          <p>No approval policies yet: create one below.</p>
        ) : (
          <table className="w-full border-collapse bg-white text-left text-sm">
            <caption className="sr-only">Approval policies, active first</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="p-2">Name</th>
                <th scope="col" className="p-2">Governs</th>
                <th scope="col" className="p-2">Rules</th>
                <th scope="col" className="p-2">Version</th>
                <th scope="col" className="p-2">Status</th>
              </tr>
            </thead>
            <tbody>
              {policies.map((policy) => (
                <tr key={policy.id} className="border-b border-slate-200 align-top">
                  <td className="p-2">
                    <Link href={`/admin/policies/${policy.id}`} className="link">
                      {policy.name}
                    </Link>
                  </td>
                  <td className="p-2">{policy.governs}</td>
                  <td className="p-2">{policy.rulesInWords}</td>
                  <td className="p-2">{policy.currentVersion}</td>
                  <td className="p-2">{policy.active ? 'Active' : 'Inactive'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="new-policy-heading" className="space-y-4">
        <h2 id="new-policy-heading" className="text-xl font-semibold">
          New policy
        </h2>
        <p className="max-w-3xl text-slate-700">It starts with today’s rules (all owners of the affected services; one change manager for emergencies); edit them on its page.</p>
        <PolicyForm action={createPolicyAction} governs={GOVERNS} criticalities={CRITICALITIES} />
      </section>
    </div>
  )
}
