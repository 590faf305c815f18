import type { ReactNode } from 'react'
import { describedBy, FieldErrors } from '@/components/admin/form-fields'
import { LIMITS } from '@/lib/domain/shared/limits'

// Labelled controls with their errors linked (aria-describedby), shared by the change forms.

export function TextAreaField(props: { name: string; label: string; hint?: string | undefined; rows?: number; errors: string[]; defaultValue: string; idPrefix: string; readOnly?: boolean }) {
  const id = `${props.idPrefix}-${props.name}`
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {props.label}
      </label>
      {props.hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {props.hint}
        </p>
      ) : null}
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        maxLength={LIMITS.changeText}
        defaultValue={props.defaultValue}
        readOnly={props.readOnly}
        className={`field-input font-mono text-sm${props.readOnly ? ' bg-slate-100' : ''}`}
        {...describedBy(id, props.errors, Boolean(props.hint))}
      />
      <FieldErrors id={`${id}-error`} errors={props.errors} />
    </div>
  )
}

export function Fieldset({ legend, children, errors = [], id }: { legend: string; children: ReactNode; errors?: string[]; id: string }) {
  return (
    <fieldset className="rounded border border-slate-300 p-4" aria-describedby={errors.length > 0 ? `${id}-error` : undefined}>
      <legend className="px-1 font-medium">{legend}</legend>
      {children}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </fieldset>
  )
}
