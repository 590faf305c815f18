import { SignOffForm } from '@/components/sign-offs/sign-off-form'
import type { ActionState } from '@/lib/action-state'
import { MATERIAL_FIELD_LABELS } from '@/lib/domain/change-request/material'
import { TEMPLATE_TEXT_FIELDS, limitsInWords } from '@/lib/domain/template/template'
import { formatInZone } from '@/lib/domain/time/zoned'
import type { TemplateVersionView } from '@/lib/server/templates/list-templates'

type Signing = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; signerName: string; minStatementChars: number }

/** One template version: its content and limits, its approval in words with progress, the written sign-offs, and the viewer's form. */
export function TemplateVersionSection({
  title,
  version,
  serviceName,
  timeZone,
  signing,
}: {
  title: string
  version: TemplateVersionView
  serviceName: (id: string) => string
  timeZone: string
  signing?: Signing | undefined
}) {
  return (
    <div className="space-y-3">
      <h3 className="text-lg font-semibold">{title}</h3>
      <p className="text-sm text-slate-700">
        Proposed by {version.proposedByName} on {formatInZone(version.createdAt, timeZone)}. Services: {version.serviceIds.map(serviceName).join(', ')}. Window:{' '}
        {limitsInWords(version)}. Risk: low.
      </p>
      <details>
        <summary className="cursor-pointer font-medium">Plans (locked on every change filed from it)</summary>
        <dl className="mt-2 space-y-2">
          {TEMPLATE_TEXT_FIELDS.map((field) => (
            <div key={field}>
              <dt className="font-medium">{MATERIAL_FIELD_LABELS[field]}</dt>
              <dd className="whitespace-pre-wrap text-slate-800">{version[field]}</dd>
            </div>
          ))}
        </dl>
      </details>
      <div>
        <p className="font-medium">Approval: {version.approval.rules.map((r) => r.description).join(' and ')}</p>
        <ul className="list-disc pl-6">
          {version.approval.rules.map((rule) => (
            <li key={rule.description}>
              {rule.description}: {rule.approvals} of {rule.required} {rule.holds ? '(holds)' : '(not yet)'}
            </li>
          ))}
        </ul>
        {version.status === 'PROPOSED' && version.awaitingNames.length > 0 ? <p className="text-sm">Awaiting: {version.awaitingNames.join(', ')}.</p> : null}
        {version.approval.vetoed ? <p className="font-medium text-red-800">Rejected by an approver.</p> : null}
      </div>
      {version.signOffs.length > 0 ? (
        <ul className="space-y-2">
          {version.signOffs.map((s) => (
            <li key={s.signerId} className="rounded border border-slate-200 p-2">
              <span className="font-medium">
                {s.signerName} {s.decision === 'APPROVED' ? 'approved' : 'rejected'}
              </span>{' '}
              on {formatInZone(s.signedAt, timeZone)}, signed &ldquo;{s.signature}&rdquo;: {s.statement}
            </li>
          ))}
        </ul>
      ) : null}
      {signing ? (
        <div className="space-y-3 rounded border-2 border-blue-800 p-4">
          <h4 className="font-semibold">Your sign-off on version {version.version}</h4>
          <SignOffForm
            action={signing.action}
            hidden={{ versionId: version.id }}
            submitLabel={`Sign version ${version.version}`}
            signerName={signing.signerName}
            minStatementChars={signing.minStatementChars}
          />
        </div>
      ) : null}
    </div>
  )
}
