'use client'

import { useActionState, useState } from 'react'
import { errorsFor, FieldErrors, FormStatus } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'

export type ConflictRow = { id: string; number: string; serviceNames: string[]; overlapText: string }

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  changeId: string
  revision: number
  conflicts: ConflictRow[]
  crowding: { count: number; threshold: number } | null
  /** Every check other than the acknowledgements passes (computed on the server). */
  otherChecksPass: boolean
}

/**
 * Conflicts need a ticked acknowledgement each; the button is enabled only when
 * the gate would pass. The server evaluates the whole gate again on submit.
 */
export function ScheduleForm({ action, changeId, revision, conflicts, crowding, otherChecksPass }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set())
  const [crowdingOk, setCrowdingOk] = useState(false)
  const acknowledged = conflicts.every((c) => ticked.has(c.id)) && (crowding === null || crowdingOk)
  const toggle = (id: string, on: boolean) =>
    setTicked((prev) => (on ? new Set([...prev, id]) : new Set([...prev].filter((x) => x !== id))))

  return (
    <form action={formAction} className="space-y-3" noValidate>
      <FormStatus state={state} />
      {state.status === 'error' && state.reasons && state.reasons.length > 0 ? (
        <ul aria-label="Why scheduling was refused" className="ml-6 list-disc text-red-900">
          {state.reasons.map((reason) => (
            <li key={`${reason.code}:${reason.message}`}>{reason.message}</li>
          ))}
        </ul>
      ) : null}
      <FieldErrors id="schedule-form-error" errors={errorsFor(state, 'form')} />
      <input type="hidden" name="changeId" value={changeId} />
      <input type="hidden" name="revision" value={revision} />
      {conflicts.length > 0 ? (
        <fieldset>
          <legend className="font-medium">Overlapping changes on the same services</legend>
          {conflicts.map((conflict) => (
            <label key={conflict.id} className="mt-1 flex items-start gap-2">
              <input
                type="checkbox"
                name="acknowledgedConflictIds"
                value={conflict.id}
                checked={ticked.has(conflict.id)}
                onChange={(e) => toggle(conflict.id, e.target.checked)}
                className="mt-1"
              />
              <span>
                I acknowledge the conflict with {conflict.number} ({conflict.serviceNames.join(', ')}, {conflict.overlapText})
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {crowding ? (
        <label className="flex items-start gap-2">
          <input
            type="checkbox"
            name="acknowledgeCrowding"
            checked={crowdingOk}
            onChange={(e) => setCrowdingOk(e.target.checked)}
            className="mt-1"
          />
          <span>
            I acknowledge that {crowding.count} changes would run in this window (the limit is {crowding.threshold})
          </span>
        </label>
      ) : null}
      <button type="submit" className="btn-primary" disabled={pending || !otherChecksPass || !acknowledged}>
        {pending ? 'Scheduling…' : 'Schedule'}
      </button>
      {!otherChecksPass ? <p className="text-sm text-slate-700">Scheduling is possible once every item of the checklist is met.</p> : null}
    </form>
  )
}
