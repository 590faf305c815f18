import type { GateCheck } from '@/lib/domain/gate/scheduling-gate'

/** Each requirement of the scheduling gate with ✓/✗ in words, every failing reason, and what to do about it. */
export function GateChecklist({ checks }: { checks: GateCheck[] }) {
  return (
    <ul aria-label="Scheduling checklist" className="space-y-2">
      {checks.map((check) => (
        <li
          key={check.id}
          className={`rounded border-l-4 px-3 py-2 ${check.passed ? 'border-green-700 bg-green-50' : 'border-red-700 bg-red-50'}`}
        >
          <p className="font-medium">
            <span aria-hidden="true">{check.passed ? '✓ ' : '✗ '}</span>
            <span className="sr-only">{check.passed ? 'Passed: ' : 'Not met: '}</span>
            {check.title}
          </p>
          {check.reasons.length > 0 ? (
            <ul className="ml-6 list-disc">
              {check.reasons.map((reason) => (
                <li key={`${reason.code}:${reason.message}`}>{reason.message}</li>
              ))}
            </ul>
          ) : null}
          {!check.passed && check.remedy ? <p className="text-sm text-slate-800">What to do: {check.remedy}</p> : null}
        </li>
      ))}
    </ul>
  )
}
