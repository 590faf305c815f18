import Link from 'next/link'
import { basisInWords, basisReasons, type TemplateBasis } from '@/lib/domain/template/basis'

/** In the sign-off panel of a change filed from a standard template: what it is approved on, and whether that still holds. */
export function TemplateBasisNote({ basis, submitted, timeZone }: { basis: TemplateBasis; submitted: boolean; timeZone: string }) {
  const reasons = basisReasons(basis)
  return (
    <div className="space-y-1 rounded border border-blue-800 bg-blue-50 p-3">
      <p className="font-medium">
        {submitted ? basisInWords(basis, timeZone) : `Filed from standard template ${basis.templateName} v${basis.version}: approved at once on submission, with no sign-off wait.`}
      </p>
      {reasons.length > 0 ? (
        <ul className="list-disc pl-6 text-red-900">
          {reasons.map((r) => (
            <li key={r.code}>{r.message}</li>
          ))}
        </ul>
      ) : null}
      <p className="text-sm">
        <Link href={`/templates#template-${basis.templateId}`} className="link">
          See the template and its written sign-offs
        </Link>
      </p>
    </div>
  )
}
