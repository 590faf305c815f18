import type { ActionState } from '@/lib/action-state'

/** The form's outcome at the top: the error sentence and every reason (e.g. a CONFLICT with who saved). */
export function FormProblems({ state }: { state: ActionState }) {
  if (state.status === 'ok') {
    return (
      <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2 text-green-900">
        {state.message}
      </p>
    )
  }
  if (state.status !== 'error') return null
  const fieldCount = Object.keys(state.fieldErrors ?? {}).length
  const extra = (state.reasons ?? []).filter((r) => !r.code.startsWith('invalid:') && !state.message.includes(r.message))
  return (
    <div role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-red-900">
      <p className="font-medium">{state.message}</p>
      {extra.length > 0 ? (
        <ul className="mt-1 list-disc pl-6">
          {extra.map((r) => (
            <li key={r.code + r.message}>{r.message}</li>
          ))}
        </ul>
      ) : null}
      {fieldCount > 0 ? <p className="mt-1 text-sm">The fields below say what to fix.</p> : null}
    </div>
  )
}
