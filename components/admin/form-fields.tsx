import type { ReactNode } from 'react'
import type { ActionState } from '@/lib/action-state'

// Small presentational helpers for the admin forms: every input has a visible
// label, and its errors are linked with aria-describedby so screen readers read them.


export function errorsFor(state: ActionState, field: string): string[] {
  return state.status === 'error' ? (state.fieldErrors?.[field] ?? []) : []
}

/** What the user typed before a failed save (passwords are never echoed back). */
export function valueOf(state: ActionState, field: string, fallback = ''): string {
  const value = state.status === 'error' ? state.values?.[field] : undefined
  if (value === undefined) return fallback
  return Array.isArray(value) ? (value[0] ?? fallback) : value
}

export function valuesOf(state: ActionState, field: string, fallback: readonly string[]): readonly string[] {
  if (state.status !== 'error' || !state.values) return fallback
  const value = state.values[field]
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}

export function FieldErrors({ id, errors }: { id: string; errors: string[] }) {
  if (errors.length === 0) return null
  return (
    <ul id={id} className="field-error">
      {errors.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  )
}

export function Field({ id, label, errors, hint, children }: { id: string; label: string; errors: string[]; hint?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  )
}

/** aria attributes for an input with the given errors (and optional hint). */
/** The options of a time-zone select: every IANA zone the server offers, by name. */
export function TimeZoneOptions({ zones }: { zones: readonly string[] }) {
  return zones.map((zone) => (
    <option key={zone} value={zone}>
      {zone}
    </option>
  ))
}

export function describedBy(id: string, errors: string[], hint = false) {
  const ids = [hint ? `${id}-hint` : '', errors.length > 0 ? `${id}-error` : ''].filter(Boolean).join(' ')
  return { 'aria-invalid': errors.length > 0 ? true : undefined, 'aria-describedby': ids || undefined }
}

export function FormStatus({ state }: { state: ActionState }) {
  if (state.status === 'ok') {
    return (
      <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2 text-green-900">
        {state.message}
      </p>
    )
  }
  if (state.status === 'error') {
    return (
      <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-red-900">
        {state.message}
      </p>
    )
  }
  return null
}
