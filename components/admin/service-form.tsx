'use client'

import { useActionState } from 'react'
import { IDLE, type ActionState } from '@/lib/action-state'
import { describedBy, errorsFor, Field, FieldErrors, FormStatus, valueOf, valuesOf, TimeZoneOptions } from './form-fields'
import { formatTimeOfDay, WEEKDAY_LABELS } from '@/lib/domain/risk/maintenance-window'
import { LIMITS } from '@/lib/domain/shared/limits'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  owners: { id: string; name: string }[]
  criticalities: { value: string; label: string }[]
  submitLabel: string
  timeZones: string[]
  service?: {
    id: string
    name: string
    description: string
    criticality: string
    ownerId: string
    maintenanceDays: number[]
    maintenanceStartMinute: number | null
    maintenanceEndMinute: number | null
    maintenanceTimeZone: string
  }
}

export function ServiceForm({ action, owners, criticalities, submitLabel, timeZones, service }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const fieldId = (name: string) => `${service ? 'edit' : 'new'}-service-${name}`
  const input = (name: string) => ({ id: fieldId(name), name, ...describedBy(fieldId(name), errorsFor(state, name)) })
  const time = (minute: number | null | undefined) => (minute === null || minute === undefined ? '' : formatTimeOfDay(minute))
  const days = valuesOf(state, 'maintenanceDays', (service?.maintenanceDays ?? []).map(String))

  return (
    // Re-mounted after a failed save so every field shows what was typed (React resets forms after actions).
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormStatus state={state} />
      {service ? <input type="hidden" name="serviceId" value={service.id} /> : null}
      <Field id={fieldId('name')} label="Name" errors={errorsFor(state, 'name')}>
        <input {...input('name')} type="text" maxLength={LIMITS.name} autoComplete="off" defaultValue={valueOf(state, 'name', service?.name)} className="field-input" />
      </Field>
      <Field id={fieldId('description')} label="Description" errors={errorsFor(state, 'description')}>
        <textarea {...input('description')} rows={3} maxLength={LIMITS.description} defaultValue={valueOf(state, 'description', service?.description)} className="field-input" />
      </Field>
      <Field id={fieldId('criticality')} label="Criticality" errors={errorsFor(state, 'criticality')}>
        <select {...input('criticality')} defaultValue={valueOf(state, 'criticality', service?.criticality ?? 'MEDIUM')} className="field-input">
          {criticalities.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id={fieldId('ownerId')} label="Owner" errors={errorsFor(state, 'ownerId')}>
        <select {...input('ownerId')} defaultValue={valueOf(state, 'ownerId', service?.ownerId)} className="field-input">
          <option value="">Choose an owner…</option>
          {owners.map((owner) => (
            <option key={owner.id} value={owner.id}>
              {owner.name}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="rounded border border-slate-300 p-4" aria-describedby={`${fieldId('maintenance')}-hint`}>
        <legend className="px-1 font-medium">Maintenance window</legend>
        <p id={`${fieldId('maintenance')}-hint`} className="mb-3 text-sm text-slate-600">
          When changes to this service are meant to run, weekly in the zone below. A change outside it counts as riskier. Leave the days and times empty
          for no window; an end earlier than the start closes the next day.
        </p>
        <fieldset aria-describedby={errorsFor(state, 'maintenanceDays').length > 0 ? `${fieldId('maintenanceDays')}-error` : undefined}>
          <legend className="font-medium">Days</legend>
          <div className="flex flex-wrap gap-3">
            {WEEKDAY_LABELS.map((label, i) => (
              <label key={label} className="inline-flex items-center gap-1">
                <input type="checkbox" name="maintenanceDays" value={i + 1} defaultChecked={days.includes(String(i + 1))} />
                {label}
              </label>
            ))}
          </div>
          <FieldErrors id={`${fieldId('maintenanceDays')}-error`} errors={errorsFor(state, 'maintenanceDays')} />
        </fieldset>
        <div className="mt-3 grid gap-4 sm:grid-cols-3">
          <Field id={fieldId('maintenanceStart')} label="Opens at" errors={errorsFor(state, 'maintenanceStart')}>
            <input {...input('maintenanceStart')} type="time" defaultValue={valueOf(state, 'maintenanceStart', time(service?.maintenanceStartMinute))} className="field-input" />
          </Field>
          <Field id={fieldId('maintenanceEnd')} label="Closes at" errors={errorsFor(state, 'maintenanceEnd')}>
            <input {...input('maintenanceEnd')} type="time" defaultValue={valueOf(state, 'maintenanceEnd', time(service?.maintenanceEndMinute))} className="field-input" />
          </Field>
          <Field id={fieldId('maintenanceTimeZone')} label="Time zone" errors={errorsFor(state, 'maintenanceTimeZone')}>
            <select {...input('maintenanceTimeZone')} defaultValue={valueOf(state, 'maintenanceTimeZone', service?.maintenanceTimeZone ?? 'UTC')} className="field-input">
              <TimeZoneOptions zones={timeZones} />
            </select>
          </Field>
        </div>
      </fieldset>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Saving…' : submitLabel}
      </button>
    </form>
  )
}
