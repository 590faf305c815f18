'use client'

import { useActionState } from 'react'
import { describedBy, Field, FieldErrors, TimeZoneOptions } from '@/components/admin/form-fields'
import { formErrors, FREEZE_FORM_IDLE, typedList, typedValue, type FreezeFormState } from './freeze-form-state'
import { FreezeImpactPreview } from './freeze-impact-preview'
import { presetForRule, RECURRENCE_PRESETS } from '@/lib/domain/freeze/recurrence-presets'
import { LIMITS } from '@/lib/domain/shared/limits'

export type FreezeFormDefaults = {
  id?: string
  name: string
  reason: string
  startsAtLocal: string
  endsAtLocal: string
  timeZone: string
  scope: 'ALL_SERVICES' | 'SELECTED_SERVICES'
  serviceIds: string[]
  severity: 'HARD' | 'SOFT'
  rrule: string | null
}

type Props = {
  action: (state: FreezeFormState, formData: FormData) => Promise<FreezeFormState>
  defaults: FreezeFormDefaults
  services: { id: string; name: string }[]
  timeZones: string[]
  submitLabel: string
}

/** Create/edit a freeze. "Preview impact" lists the scheduled changes it would hit; saving re-checks under the lock. */
export function FreezeForm({ action, defaults, services, timeZones, submitLabel }: Props) {
  const [state, formAction, pending] = useActionState(action, FREEZE_FORM_IDLE)
  const value = (field: keyof FreezeFormDefaults & string, fallback: string) => typedValue(state, field, fallback)
  const input = (name: string) => ({ id: `freeze-${name}`, name, ...describedBy(`freeze-${name}`, formErrors(state, name)) })
  const scope = value('scope', defaults.scope)
  const chosen = typedList(state, 'serviceIds', defaults.serviceIds)
  const preset = typedValue(state, 'recurrence', presetForRule(defaults.rrule))
  return (
    <form key={JSON.stringify(state.status === 'error' || state.status === 'preview' ? state.values : {})} action={formAction} className="max-w-2xl space-y-4" noValidate>
      <FormMessage state={state} />
      {defaults.id ? <input type="hidden" name="id" value={defaults.id} /> : null}
      <Field id="freeze-name" label="Name" errors={formErrors(state, 'name')}>
        <input {...input('name')} type="text" maxLength={LIMITS.name} defaultValue={value('name', defaults.name)} className="field-input" />
      </Field>
      <Field id="freeze-reason" label="Reason" errors={formErrors(state, 'reason')}>
        <textarea {...input('reason')} rows={3} maxLength={LIMITS.reason} defaultValue={value('reason', defaults.reason)} className="field-input" />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="freeze-startsAtLocal" label="Starts" errors={formErrors(state, 'startsAtLocal')}>
          <input {...input('startsAtLocal')} type="datetime-local" defaultValue={value('startsAtLocal', defaults.startsAtLocal)} className="field-input" />
        </Field>
        <Field id="freeze-endsAtLocal" label="Ends" errors={formErrors(state, 'endsAtLocal')}>
          <input {...input('endsAtLocal')} type="datetime-local" defaultValue={value('endsAtLocal', defaults.endsAtLocal)} className="field-input" />
        </Field>
        <Field id="freeze-timeZone" label="Time zone of these times" errors={formErrors(state, 'timeZone')}>
          <select {...input('timeZone')} defaultValue={value('timeZone', defaults.timeZone)} className="field-input">
            <TimeZoneOptions zones={timeZones} />
          </select>
        </Field>
      </div>
      <fieldset className="space-y-1" {...describedBy('freeze-severity', formErrors(state, 'severity'))}>
        <legend className="font-medium">Severity</legend>
        <Choice name="severity" value="HARD" checked={value('severity', defaults.severity) === 'HARD'} label="HARD — blocks scheduling (only an emergency change with an admin exception may run)" />
        <Choice name="severity" value="SOFT" checked={value('severity', defaults.severity) === 'SOFT'} label="SOFT — a change needs a freeze exception to run" />
        <FieldErrors id="freeze-severity-error" errors={formErrors(state, 'severity')} />
      </fieldset>
      <fieldset className="space-y-1" {...describedBy('freeze-serviceIds', formErrors(state, 'serviceIds'))}>
        <legend className="font-medium">Scope</legend>
        <Choice name="scope" value="ALL_SERVICES" checked={scope === 'ALL_SERVICES'} label="All services" />
        <Choice name="scope" value="SELECTED_SERVICES" checked={scope === 'SELECTED_SERVICES'} label="Only the services ticked below" />
        <div className="ml-6 grid gap-1 sm:grid-cols-2">
          {services.map((service) => (
            <label key={service.id} className="flex items-center gap-2">
              <input type="checkbox" name="serviceIds" value={service.id} defaultChecked={chosen.includes(service.id)} />
              {service.name}
            </label>
          ))}
        </div>
        <FieldErrors id="freeze-serviceIds-error" errors={formErrors(state, 'serviceIds')} />
      </fieldset>
      <Field id="freeze-recurrence" label="Repeats" errors={[]}>
        <select id="freeze-recurrence" name="recurrence" defaultValue={preset} className="field-input">
          {RECURRENCE_PRESETS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="freeze-rrule" label="Custom rule (RRULE, used when Repeats is “Custom rule”)" hint="e.g. FREQ=WEEKLY;BYDAY=SA,SU — repeats daily, weekly, monthly or yearly (FREQ, INTERVAL, COUNT or UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, WKST); each occurrence starts at the start time and lasts as long as the first." errors={formErrors(state, 'rrule')}>
        <input {...input('rrule')} {...describedBy('freeze-rrule', formErrors(state, 'rrule'), true)} type="text" maxLength={LIMITS.rrule} defaultValue={value('rrule', defaults.rrule ?? '')} className="field-input font-mono" />
      </Field>
      {state.status === 'preview' ? <FreezeImpactPreview items={state.items} /> : null}
      <div className="flex gap-3">
        <button type="submit" name="intent" value="preview" className="btn-secondary" disabled={pending}>
          Preview impact
        </button>
        <button type="submit" name="intent" value="save" className="btn-primary" disabled={pending}>
          {pending ? 'Working…' : submitLabel}
        </button>
      </div>
    </form>
  )
}

function Choice({ name, value, checked, label }: { name: string; value: string; checked: boolean; label: string }) {
  return (
    <label className="flex items-center gap-2">
      <input type="radio" name={name} value={value} defaultChecked={checked} />
      {label}
    </label>
  )
}

function FormMessage({ state }: { state: FreezeFormState }) {
  if (state.status === 'idle' || state.status === 'preview') return null
  const ok = state.status === 'ok'
  return (
    <p role={ok ? 'status' : 'alert'} className={`rounded border px-3 py-2 ${ok ? 'border-green-700 bg-green-50 text-green-900' : 'border-red-700 bg-red-50 text-red-900'}`}>
      {ok ? 'Saved: ' : 'Not saved: '}
      {state.message}
    </p>
  )
}
