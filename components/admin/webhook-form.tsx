'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, Field, FieldErrors, FormStatus, valueOf, valuesOf } from '@/components/admin/form-fields'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  events: { value: string; label: string }[]
}

/** Register a webhook: URL, secret (generated and shown once when left empty), event kinds. */
export function WebhookForm({ action, events }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const input = (name: string, hint = false) => ({ id: `webhook-${name}`, name, ...describedBy(`webhook-${name}`, errorsFor(state, name), hint) })
  const chosen = valuesOf(state, 'events', [])
  const eventErrors = errorsFor(state, 'events')
  return (
    <form key={state.status === 'error' ? JSON.stringify(state.values) : state.status === 'ok' ? `${state.message}${state.reveal ?? ''}` : 'idle'} action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormStatus state={state} />
      {state.status === 'ok' && state.reveal ? (
        <div className="space-y-1 rounded border border-amber-600 bg-amber-50 p-3">
          <label htmlFor="webhook-new-secret" className="block font-medium">
            Signing secret — copy it now, it will not be shown again
          </label>
          <input id="webhook-new-secret" readOnly value={state.reveal} className="field-input font-mono text-sm" onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
      <Field id="webhook-url" label="URL" hint="Where to POST events: https:// and a public address." errors={errorsFor(state, 'url')}>
        <input {...input('url', true)} type="url" inputMode="url" maxLength={LIMITS.url} autoComplete="off" defaultValue={valueOf(state, 'url')} className="field-input" />
      </Field>
      <Field
        id="webhook-secret"
        label="Signing secret (optional)"
        hint="Leave empty to have one generated and shown once, or paste your own (at least 16 characters)."
        errors={errorsFor(state, 'secret')}
      >
        <input {...input('secret', true)} type="password" maxLength={LIMITS.webhookSecret} autoComplete="new-password" className="field-input" />
      </Field>
      <fieldset aria-describedby={eventErrors.length > 0 ? 'webhook-events-error' : undefined}>
        <legend className="font-medium">Events</legend>
        {events.map((event) => (
          <label key={event.value} className="flex items-center gap-2">
            <input type="checkbox" name="events" value={event.value} defaultChecked={chosen.includes(event.value)} /> {event.label}{' '}
            <code className="text-sm text-slate-600">{event.value}</code>
          </label>
        ))}
        <FieldErrors id="webhook-events-error" errors={eventErrors} />
      </fieldset>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Registering…' : 'Register webhook'}
      </button>
    </form>
  )
}
