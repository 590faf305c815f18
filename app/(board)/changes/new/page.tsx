import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { ChangeForm } from '@/components/changes/change-form'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { loadChangeFormOptions } from '@/lib/server/change-requests/form-options'
import { isAppError } from '@/lib/server/errors'
import { listActiveTemplates } from '@/lib/server/templates/list-templates'
import { loadTemplateFiling } from '@/lib/server/templates/filing-view'
import { createChangeAction, previewRiskAction } from '../actions'

export const metadata: Metadata = { title: 'New change' }

export default async function NewChangePage({ searchParams }: { searchParams: Promise<{ template?: string }> }) {
  const actor = await requireActor()
  forbidIfCannot(actor, 'change:create')
  const { template: templateId } = await searchParams
  const options = await loadChangeFormOptions(actor)
  if (templateId) {
    const filing = await loadTemplateFiling(actor, templateId).catch((error: unknown) => {
      if (isAppError(error) && (error.code === 'NOT_FOUND' || error.code === 'REFUSED')) notFound()
      throw error
    })
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">New change from a standard template</h1>
        <ChangeForm action={createChangeAction} previewRisk={previewRiskAction} options={options} values={filing.values} mode="new" template={filing.template} />
      </div>
    )
  }
  const templates = await listActiveTemplates()
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">New change</h1>
      {templates.length > 0 ? (
        <nav aria-labelledby="file-from-template" className="rounded border border-slate-300 bg-white p-3">
          <h2 id="file-from-template" className="font-medium">
            File from a standard template (approved at once, no sign-off wait)
          </h2>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {templates.map((t) => (
              <li key={t.id}>
                <Link href={`/changes/new?template=${t.id}`} className="link">
                  {t.name} (v{t.version})
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p className="text-slate-700">A draft needs only a title. Submitting asks the approvers to sign off, so every required field must be filled in.</p>
      <ChangeForm action={createChangeAction} options={options} values={{}} mode="new" previewRisk={previewRiskAction} />
    </div>
  )
}
