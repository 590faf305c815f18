import type { Metadata } from 'next'
import Link from 'next/link'
import { forbidden, notFound } from 'next/navigation'
import { ChangeForm } from '@/components/changes/change-form'
import { StatusBadge } from '@/components/changes/status-badge'
import { requireActor } from '@/lib/server/authz'
import { loadChangeForEdit } from '@/lib/server/change-requests/form-options'
import { isAppError } from '@/lib/server/errors'
import { updateChangeAction } from '../actions'
import { previewRiskAction } from '../../actions'

export const metadata: Metadata = { title: 'Edit change' }

export default async function EditChangePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor()
  const { id } = await params
  const change = await loadChangeForEdit(actor, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    if (isAppError(error) && error.code === 'FORBIDDEN') forbidden()
    throw error
  })
  const editable = ['DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED'].includes(change.status)
  return (
    <div className="space-y-6">
      <p>
        <Link href={`/changes/${change.id}`} className="link">
          ← Back to {change.number}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        Edit {change.number}: {change.title}
      </h1>
      <p>
        <StatusBadge status={change.status} />
        {change.revision > 0 ? <span className="ml-2 text-slate-700">Revision {change.revision}</span> : null}
      </p>
      {editable ? (
        <ChangeForm
          action={updateChangeAction}
          options={change.options}
          values={change.values}
          mode={change.status === 'DRAFT' ? 'draft' : 'live'}
          changeRef={{ changeId: change.id, version: change.version }}
          {...(change.template ? { template: change.template } : {})}
          previewRisk={previewRiskAction}
          storedRisk={change.risk}
        />
      ) : (
        <p role="alert">This change can no longer be edited{change.status === 'REJECTED' ? ': reopen it as a draft on its page first' : ''}.</p>
      )}
    </div>
  )
}
