import type { ActionState } from '@/lib/action-state'

/** A scheduled change the freeze would hit, as the preview shows it (times already formatted in the viewer's zone). */
export type PreviewItem = { id: string; number: string; title: string; window: string; overlap: string; keptByException: boolean }

/** The freeze form's state: the usual action states plus a preview that keeps what was typed. */
export type FreezeFormState =
  | ActionState
  | { status: 'preview'; message: string; items: PreviewItem[]; values: Record<string, string | string[]> }

export const FREEZE_FORM_IDLE: FreezeFormState = { status: 'idle' }

export function formErrors(state: FreezeFormState, field: string): string[] {
  return state.status === 'error' ? (state.fieldErrors?.[field] ?? []) : []
}

function typedValues(state: FreezeFormState): Record<string, string | string[]> | undefined {
  return state.status === 'error' || state.status === 'preview' ? state.values : undefined
}

export function typedValue(state: FreezeFormState, field: string, fallback: string): string {
  const values = typedValues(state)
  if (!values) return fallback
  const value = values[field]
  if (value === undefined) return ''
  return Array.isArray(value) ? (value[0] ?? '') : value
}

export function typedList(state: FreezeFormState, field: string, fallback: readonly string[]): readonly string[] {
  const values = typedValues(state)
  if (!values) return fallback
  const value = values[field]
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}
