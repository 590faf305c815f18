import { describe, expect, it } from 'vitest'
import { recurrenceRuleProblem } from './recurrence'
import { RECURRENCE_CUSTOM, RECURRENCE_NONE, RECURRENCE_PRESETS } from './recurrence-presets'

describe('recurrence presets', () => {
  it('are all rules the freeze form accepts (daily to yearly, no sub-daily parts)', () => {
    const rules = RECURRENCE_PRESETS.map((p) => p.value).filter((v) => v !== RECURRENCE_NONE && v !== RECURRENCE_CUSTOM)
    expect(rules.length).toBeGreaterThan(0)
    for (const rule of rules) expect(recurrenceRuleProblem(rule)).toBeNull()
  })
})
