import { MATERIAL_FIELDS, MATERIAL_FIELD_LABELS, displayMaterialValue, type MaterialContent } from '@/lib/domain/change-request/material'
import { formatInZone } from '@/lib/domain/time/zoned'

/** The exact material content of the revision being signed: what the signature approves. */
export function RevisionContent({
  content,
  revision,
  timeZone,
  serviceName,
}: {
  content: MaterialContent
  revision: number
  timeZone: string
  serviceName: (id: string) => string
}) {
  const show = (field: (typeof MATERIAL_FIELDS)[number]) => {
    const value = field === 'windowStart' || field === 'windowEnd' ? content[field] : null
    if (value) return formatInZone(new Date(value), timeZone)
    return displayMaterialValue(field, content, serviceName) || '(empty)'
  }
  return (
    <section aria-labelledby="signing-revision-heading" className="rounded border border-slate-300 p-3">
      <h3 id="signing-revision-heading" className="font-semibold">
        Revision {revision} — the content you are signing
      </h3>
      <dl className="mt-2 space-y-2">
        {MATERIAL_FIELDS.map((field) => (
          <div key={field}>
            <dt className="text-sm font-medium text-slate-700">{MATERIAL_FIELD_LABELS[field]}</dt>
            <dd className="whitespace-pre-wrap">{show(field)}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
