// Recurrence presets offered by the freeze form. Each value is the RRULE itself
// (without DTSTART: the first occurrence is the freeze's start), except the two
// markers. Pure, shared by the form (options) and the server action (mapping).

export const RECURRENCE_NONE = 'none'
export const RECURRENCE_CUSTOM = 'custom'

export const RECURRENCE_PRESETS: readonly { value: string; label: string }[] = [
  { value: RECURRENCE_NONE, label: 'Does not repeat' },
  { value: 'FREQ=DAILY', label: 'Every day' },
  { value: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', label: 'Every business day (Monday to Friday)' },
  { value: 'FREQ=WEEKLY', label: 'Every week, on the same weekday' },
  { value: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', label: 'Every last business day of the month' },
  { value: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1', label: 'Every first business day of the month' },
  { value: 'FREQ=YEARLY', label: 'Every year, on the same date' },
  { value: RECURRENCE_CUSTOM, label: 'Custom rule (RRULE)…' },
]

/** The rule to store for a preset choice and the raw field; '' = no recurrence. */
export function ruleFromPreset(preset: string, raw: string): string {
  if (preset === RECURRENCE_CUSTOM) return raw
  if (preset === RECURRENCE_NONE || preset === '') return ''
  return RECURRENCE_PRESETS.some((p) => p.value === preset) ? preset : raw
}

/** The preset that matches a stored rule, for editing: a known preset or "custom". */
export function presetForRule(rule: string | null): string {
  if (!rule) return RECURRENCE_NONE
  return RECURRENCE_PRESETS.some((p) => p.value === rule) ? rule : RECURRENCE_CUSTOM
}
