import type { Metadata } from 'next'
import { ChangeForm } from '@/components/changes/change-form'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { loadChangeFormOptions } from '@/lib/server/change-requests/form-options'
import { createChangeAction, previewRiskAction } from '../actions'

export const metadata: Metadata = { title: 'New change' }

export default async function NewChangePage() {
  const actor = await requireActor()
  forbidIfCannot(actor, 'change:create')
  const options = await loadChangeFormOptions(actor)
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">New change</h1>
      <p className="text-slate-700">A draft needs only a title. Submitting asks the approvers to sign off, so every required field must be filled in.</p>
      <ChangeForm action={createChangeAction} options={options} values={{}} mode="new" previewRisk={previewRiskAction} />
    </div>
  )
}
