import type { Metadata } from 'next'
import Link from 'next/link'
import { ReactivateForm } from '@/components/templates/reactivate-form'
import { TemplateVersionSection } from '@/components/templates/template-version'
import { can } from '@/lib/domain/authz/policy'
import { MIN_STATEMENT_CHARS } from '@/lib/domain/sign-off'
import { successInWords } from '@/lib/domain/template/suspension'
import { TEMPLATE_STATUS_LABELS } from '@/lib/domain/template/template'
import { formatInZone } from '@/lib/domain/time/zoned'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { loadChangeFormOptions } from '@/lib/server/change-requests/form-options'
import { listTemplates } from '@/lib/server/templates/list-templates'
import { reactivateTemplateAction, signTemplateAction } from './actions'

export const metadata: Metadata = { title: 'Standard templates' }

export default async function TemplatesPage() {
  const actor = await requireActor()
  forbidIfCannot(actor, 'template:read')
  const [templates, options] = await Promise.all([listTemplates(actor), loadChangeFormOptions(actor)])
  const serviceName = new Map(options.services.map((s) => [s.id, s.name]))
  const mayPropose = can(actor, 'template:propose')
  const mayReactivate = can(actor, 'template:reactivate')
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Standard templates</h1>
        {mayPropose ? (
          <Link href="/templates/new" className="btn-primary">
            Propose a template
          </Link>
        ) : null}
      </div>
      <p className="max-w-3xl text-slate-700">
        Routine work approved once, in writing: a change filed from an active template copies its plans and services, is approved at once on the
        basis of the template&apos;s approved version, and its requester schedules it (freezes and conflicts are still checked). A failed or
        rolled-back change suspends its template until a change manager reviews it.
      </p>
      {templates.length === 0 ? (
        <p>No standard templates yet.</p>
      ) : (
        <table className="w-full border-collapse bg-white text-left">
          <caption className="sr-only">Standard templates</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="p-2">Name</th>
              <th scope="col" className="p-2">Status</th>
              <th scope="col" className="p-2">Version in force</th>
              <th scope="col" className="p-2">Uses</th>
              <th scope="col" className="p-2">Success rate</th>
              <th scope="col" className="p-2">Suspended because</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((t) => (
              <tr key={t.id} className="border-b border-slate-200">
                <td className="p-2">
                  <a href={`#template-${t.id}`} className="link">
                    {t.name}
                  </a>
                </td>
                <td className="p-2">{TEMPLATE_STATUS_LABELS[t.status]}</td>
                <td className="p-2">{t.inForce ? `v${t.inForce.version}` : 'none yet'}</td>
                <td className="p-2">{t.stats.uses}</td>
                <td className="p-2">{successInWords(t.stats)}</td>
                <td className="p-2">{t.status === 'SUSPENDED' ? (t.suspendedReason ?? 'awaiting review') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {templates.map((t) => (
        <section key={t.id} id={`template-${t.id}`} aria-labelledby={`template-${t.id}-heading`} className="space-y-4 rounded border border-slate-300 bg-white p-4">
          <h2 id={`template-${t.id}-heading`} className="text-xl font-semibold">
            {t.name} <span className="text-base font-normal text-slate-700">— {TEMPLATE_STATUS_LABELS[t.status]}</span>
          </h2>
          {t.status === 'SUSPENDED' ? (
            <p className="rounded border border-amber-700 bg-amber-50 p-3">
              Suspended{t.suspendedAt ? ` on ${formatInZone(t.suspendedAt, options.timeZone)}` : ''}: {t.suspendedReason}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-3">
            {t.status === 'ACTIVE' && can(actor, 'change:create') ? (
              <Link href={`/changes/new?template=${t.id}`} className="btn-primary">
                File a change from {t.name}
              </Link>
            ) : null}
            {mayPropose && !t.pending && t.status !== 'RETIRED' ? (
              <Link href={`/templates/new?from=${t.id}`} className="btn-secondary">
                Propose a new version of {t.name}
              </Link>
            ) : null}
          </div>
          {t.inForce ? (
            <TemplateVersionSection title={`Version ${t.inForce.version} (in force)`} version={t.inForce} serviceName={(id) => serviceName.get(id) ?? id} timeZone={options.timeZone} />
          ) : null}
          {t.pending ? (
            <TemplateVersionSection
              title={`Version ${t.pending.version} (awaiting approval)`}
              version={t.pending}
              serviceName={(id) => serviceName.get(id) ?? id}
              timeZone={options.timeZone}
              signing={t.pending.viewerMaySign && can(actor, 'template:sign-off') ? { action: signTemplateAction, signerName: actor.name, minStatementChars: MIN_STATEMENT_CHARS } : undefined}
            />
          ) : null}
          {t.status === 'SUSPENDED' && mayReactivate ? <ReactivateForm action={reactivateTemplateAction} templateId={t.id} name={t.name} /> : null}
        </section>
      ))}
    </div>
  )
}
