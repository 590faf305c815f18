'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, FieldErrors, valueOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { FormProblems } from './form-problems'
import { LIMITS } from '@/lib/domain/shared/limits'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  /** Also the form's accessible name. */
  title: string
  buttonLabel: string
  hidden: Record<string, string>
  /** A required text (reason or notes), when the event needs one. */
  note?: { name: string; label: string }
  choices?: { name: string; label: string; options: { value: string; label: string }[] }
  danger?: boolean
}

/** One lifecycle step (cancel, start, record outcome, review, reopen, submit) as its own small form. */
export function EventForm({ action, title, buttonLabel, hidden, note, choices, danger }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const base = `event-${title.toLowerCase().replaceAll(/[^a-z]+/g, '-')}`
  return (
    <form action={formAction} aria-label={title} className="space-y-2 rounded border border-slate-300 bg-white p-3" noValidate>
      <h3 className="font-semibold">{title}</h3>
      <FormProblems state={state} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {choices ? (
        <div>
          <label htmlFor={`${base}-${choices.name}`} className="block font-medium">
            {choices.label}
          </label>
          <select id={`${base}-${choices.name}`} name={choices.name} defaultValue={valueOf(state, choices.name, choices.options[0]?.value)} className="field-input">
            {choices.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {note ? (
        <div>
          <label htmlFor={`${base}-${note.name}`} className="block font-medium">
            {note.label}
          </label>
          <textarea
            id={`${base}-${note.name}`}
            name={note.name}
            rows={3}
            maxLength={LIMITS.note}
            defaultValue={valueOf(state, note.name)}
            className="field-input"
            {...describedBy(`${base}-${note.name}`, errorsFor(state, note.name))}
          />
          <FieldErrors id={`${base}-${note.name}-error`} errors={errorsFor(state, note.name)} />
        </div>
      ) : null}
      <button type="submit" className={danger ? 'btn-secondary border-red-700 text-red-900' : 'btn-primary'} disabled={pending}>
        {pending ? 'Working…' : buttonLabel}
      </button>
    </form>
  )
}
