'use client'

import { useActionState } from 'react'
import { describedBy, errorsFor, FieldErrors, valueOf, valuesOf, TimeZoneOptions } from '@/components/admin/form-fields'
import { Fieldset, TextAreaField } from '@/components/changes/form-bits'
import { FormProblems } from '@/components/changes/form-problems'
import { IDLE, type ActionState } from '@/lib/action-state'
import { LIMITS } from '@/lib/domain/shared/limits'
import { TEMPLATE_TEXT_FIELDS, WEEKDAY_LABELS } from '@/lib/domain/template/template'
import { MATERIAL_FIELD_LABELS } from '@/lib/domain/change-request/material'

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>
  services: { id: string; name: string; ownerName: string }[]
  timeZones: string[]
  /** Starting values: the version in force when proposing the next one. */
  values: Record<string, string | string[]>
  submitLabel: string
}

/** Proposing a standard template (or its next version): the locked content, the services and the limits a change from it must keep. */
export function TemplateForm({ action, services, timeZones, values, submitLabel }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const id = 'template'
  const text = (name: string) => valueOf(state, name, typeof values[name] === 'string' ? values[name] : '')
  const list = (name: string) => valuesOf(state, name, Array.isArray(values[name]) ? values[name] : [])
  const err = (name: string) => errorsFor(state, name)
  const control = (name: string, hint = false) => ({ id: `${id}-${name}`, name, ...describedBy(`${id}-${name}`, err(name), hint) })

  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : {})} action={formAction} className="max-w-3xl space-y-5" noValidate>
      <FormProblems state={state} />
      {typeof values.templateId === 'string' ? <input type="hidden" name="templateId" value={values.templateId} /> : null}
      <div>
        <label htmlFor={`${id}-name`} className="block font-medium">
          Name
        </label>
        <input {...control('name')} type="text" maxLength={LIMITS.title} defaultValue={text('name')} className="field-input" autoComplete="off" />
        <FieldErrors id={`${id}-name-error`} errors={err('name')} />
      </div>
      {TEMPLATE_TEXT_FIELDS.map((name) => (
        <TextAreaField key={name} idPrefix={id} name={name} label={MATERIAL_FIELD_LABELS[name]} rows={4} errors={err(name)} defaultValue={text(name)} />
      ))}
      <Fieldset legend="Services a change from this template affects" id={`${id}-serviceIds`} errors={err('serviceIds')}>
        <ul className="grid gap-1 sm:grid-cols-2">
          {services.map((service) => (
            <li key={service.id}>
              <label className="inline-flex items-center gap-2">
                <input type="checkbox" name="serviceIds" value={service.id} defaultChecked={list('serviceIds').includes(service.id)} />
                {service.name} <span className="text-sm text-slate-600">(owner {service.ownerName})</span>
              </label>
            </li>
          ))}
        </ul>
      </Fieldset>
      <div>
        <label htmlFor={`${id}-maxDurationMinutes`} className="block font-medium">
          Maximum duration (minutes)
        </label>
        <input {...control('maxDurationMinutes')} type="number" min={5} max={10080} defaultValue={text('maxDurationMinutes')} className="field-input w-40" />
        <FieldErrors id={`${id}-maxDurationMinutes-error`} errors={err('maxDurationMinutes')} />
      </div>
      <Fieldset legend="Allowed days (none ticked: any day)" id={`${id}-allowedWeekdays`} errors={err('allowedWeekdays')}>
        <ul className="flex flex-wrap gap-4">
          {WEEKDAY_LABELS.map((label, index) => (
            <li key={label}>
              <label className="inline-flex items-center gap-2">
                <input type="checkbox" name="allowedWeekdays" value={index + 1} defaultChecked={list('allowedWeekdays').includes(String(index + 1))} />
                {label}
              </label>
            </li>
          ))}
        </ul>
      </Fieldset>
      <Fieldset legend="Allowed hours (both empty: any time)" id={`${id}-hours`}>
        <div className="grid gap-4 sm:grid-cols-3">
          <div>
            <label htmlFor={`${id}-allowedFrom`} className="block font-medium">
              From (HH:mm)
            </label>
            <input {...control('allowedFrom')} type="text" inputMode="numeric" placeholder="22:00" maxLength={5} defaultValue={text('allowedFrom')} className="field-input" />
            <FieldErrors id={`${id}-allowedFrom-error`} errors={err('allowedFrom')} />
          </div>
          <div>
            <label htmlFor={`${id}-allowedUntil`} className="block font-medium">
              Until (HH:mm, 24:00 for midnight)
            </label>
            <input {...control('allowedUntil')} type="text" inputMode="numeric" placeholder="24:00" maxLength={5} defaultValue={text('allowedUntil')} className="field-input" />
            <FieldErrors id={`${id}-allowedUntil-error`} errors={err('allowedUntil')} />
          </div>
          <div>
            <label htmlFor={`${id}-timeZone`} className="block font-medium">
              Time zone
            </label>
            <select {...control('timeZone')} defaultValue={text('timeZone') || 'UTC'} className="field-input">
              <TimeZoneOptions zones={timeZones} />
            </select>
            <FieldErrors id={`${id}-timeZone-error`} errors={err('timeZone')} />
          </div>
        </div>
      </Fieldset>
      <p className="text-sm text-slate-700">Risk is always low. One change manager and every owner of the chosen services sign the proposal in writing; you cannot sign your own.</p>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Proposing…' : submitLabel}
      </button>
    </form>
  )
}
