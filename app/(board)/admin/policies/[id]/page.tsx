import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { PolicyRulesEditor } from '@/components/admin/policy-rules-editor'
import { WebhookButton as ActionButton } from '@/components/admin/webhook-button'
import { formatInZone } from '@/lib/domain/time/zoned'
import { getPolicy, listRuleChoices } from '@/lib/server/approval-policies/manage-policies'
import { ZPolicyIdInput } from '@/lib/server/approval-policies/schemas'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { isAppError } from '@/lib/server/errors'
import { viewerTimeZone } from '@/lib/server/viewer'
import { activatePolicyAction, deactivatePolicyAction, savePolicyRulesAction } from '../actions'

export const metadata: Metadata = { title: 'Approval policy' }

export default async function PolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor()
  forbidIfCannot(actor, 'policy:manage')
  const parsed = ZPolicyIdInput.safeParse({ policyId: (await params).id })
  if (!parsed.success) notFound()
  const policy = await getPolicy(actor, parsed.data).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  const choices = await listRuleChoices(actor)
  const timeZone = viewerTimeZone(actor)
  return (
    <div className="space-y-8">
      <p>
        <Link href="/admin/policies" className="link">
          ← All approval policies
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{policy.name}</h1>
      <dl className="grid max-w-3xl grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="font-medium">Governs</dt>
        <dd>{policy.governs}</dd>
        <dt className="font-medium">Status</dt>
        <dd>{policy.active ? 'Active' : 'Inactive: it governs no change until it is activated again'}</dd>
        <dt className="font-medium">Current rules</dt>
        <dd>
          Version {policy.currentVersion}: {policy.rulesInWords}
        </dd>
      </dl>

      <section aria-labelledby="edit-heading" className="space-y-4">
        <h2 id="edit-heading" className="text-xl font-semibold">
          Edit the rules
        </h2>
        <p className="max-w-3xl text-slate-700">
          Every rule must hold; a later stage is asked only once the earlier stages hold. Saving writes version {policy.currentVersion + 1}.{' '}
          <strong>Edits apply to changes submitted or materially edited afterwards</strong>: changes in flight keep the version they were submitted under.
        </p>
        <PolicyRulesEditor action={savePolicyRulesAction} policyId={policy.id} baseVersion={policy.currentVersion} rules={policy.rules} groups={choices.groups} signers={choices.signers} />
      </section>

      <section aria-labelledby="history-heading" className="space-y-4">
        <h2 id="history-heading" className="text-xl font-semibold">
          Version history
        </h2>
        <table className="w-full border-collapse bg-white text-left text-sm">
          <caption className="sr-only">Versions of this policy, newest first</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="p-2">Version</th>
              <th scope="col" className="p-2">Saved</th>
              <th scope="col" className="p-2">By</th>
              <th scope="col" className="p-2">Rules</th>
            </tr>
          </thead>
          <tbody>
            {policy.versions.map((v) => (
              <tr key={v.version} className="border-b border-slate-200 align-top">
                <td className="p-2">
                  {v.version}
                  {v.version === policy.currentVersion ? ' (current)' : ''}
                </td>
                <td className="p-2">{formatInZone(v.createdAt, timeZone)}</td>
                <td className="p-2">{v.createdBy ?? 'Changeboard'}</td>
                <td className="p-2">{v.rulesInWords}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="status-heading" className="space-y-4">
        <h2 id="status-heading" className="text-xl font-semibold">
          {policy.active ? 'Deactivate' : 'Activate'}
        </h2>
        {policy.active ? (
          <ActionButton action={deactivatePolicyAction} fields={{ policyId: policy.id }} label="Deactivate policy" accessibleLabel={`Deactivate ${policy.name}`} confirm={`Deactivate ${policy.name}?`} />
        ) : (
          <ActionButton action={activatePolicyAction} fields={{ policyId: policy.id }} label="Activate policy" accessibleLabel={`Activate ${policy.name}`} />
        )}
      </section>
    </div>
  )
}
