import { describe, expect, it } from 'vitest'
import { readChangeForm, ZApiChangeFields, ZChangeFields } from './schemas'

describe('ZApiChangeFields: the API sends windows as instants', () => {
  it('reads instants with any offset, to the second', () => {
    const parsed = ZApiChangeFields.parse({ title: 'T', windowStart: '2031-03-30T02:30:15+02:00', windowEnd: '2031-03-30T01:00:00Z' })
    expect(parsed.windowStart?.toISOString()).toBe('2031-03-30T00:30:15.000Z')
    expect(parsed.windowEnd?.toISOString()).toBe('2031-03-30T01:00:00.000Z')
  })

  it('treats a missing, null or empty window as none', () => {
    for (const window of [{}, { windowStart: null }, { windowStart: '' }]) {
      expect(ZApiChangeFields.parse({ title: 'T', ...window }).windowStart).toBeNull()
    }
  })

  it('refuses a wall time without an offset, on that field, and ignores a sent time zone', () => {
    const result = ZApiChangeFields.safeParse({ title: 'T', windowStart: '2031-01-01T10:00', timeZone: 'Europe/Paris' })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => i.path[0])).toEqual(['windowStart'])
    expect(ZApiChangeFields.parse({ title: 'T', windowStart: '2031-01-01T10:00:00Z', timeZone: 'Europe/Paris' }).windowStart?.toISOString()).toBe('2031-01-01T10:00:00.000Z')
  })
})

describe('risk inputs: answers and a raise, never a level', () => {
  const q1 = '0b9f8f4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'
  const q2 = '1c0a9b8c-2d3e-4f50-9b8a-1d2e3f4a5b6c'

  it('folds the form’s radio groups into answers, and reads the API’s record the same way', () => {
    const form = new FormData()
    form.append('title', 'T')
    form.append(`riskAnswer:${q1}`, 'yes')
    form.append(`riskAnswer:${q2}`, 'no')
    form.append('$ACTION_ID_abc', '')
    const values = readChangeForm(form)
    expect(values.riskAnswers).toEqual([`${q1}:yes`, `${q2}:no`])
    expect(values[`riskAnswer:${q1}`]).toBe('yes')
    expect(Object.keys(values).some((key) => key.startsWith('$ACTION'))).toBe(false)
    expect(ZChangeFields.parse(values).riskAnswers).toEqual({ [q1]: true, [q2]: false })
    expect(ZApiChangeFields.parse({ title: 'T', riskAnswers: { [q1]: false } }).riskAnswers).toEqual({ [q1]: false })
  })

  it('makes a raise of a level with its reason, and none without a level', () => {
    expect(ZChangeFields.parse({ title: 'T', riskRaiseLevel: 'HIGH', riskRaiseReason: ' New tooling. ' }).riskRaise).toEqual({ level: 'HIGH', reason: 'New tooling.' })
    expect(ZChangeFields.parse({ title: 'T', riskRaiseLevel: '', riskRaiseReason: 'ignored' }).riskRaise).toBeNull()
  })

  it('refuses answers that are not yes/no to a question id', () => {
    expect(ZChangeFields.safeParse({ title: 'T', riskAnswers: [`${q1}:maybe`] }).error?.issues[0]?.path[0]).toBe('riskAnswers')
    expect(ZChangeFields.safeParse({ title: 'T', riskAnswers: { 'not-a-question': true } }).error?.issues[0]?.path[0]).toBe('riskAnswers')
  })
})
