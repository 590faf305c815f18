import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REQUIRED_TEXT_FIELDS, ZSubmittableChange, isPlaceholderText, validateSubmission, vacantOwnerReasons } from './submission'
import { NOW, subject } from '@/tests/fixtures/change-request'

const valid = () => subject()
const errorsOf = (change: unknown, now = NOW) => {
  const result = validateSubmission(change, now)
  return result.ok ? {} : result.fieldErrors
}

describe('isPlaceholderText', () => {
  it.each(['n/a', 'N/A', 'na', 'NA.', 'tbd', 'T.B.D.', 'TODO', 'todo!', 'none', 'None.', '-', '...', '?', 'same', 'See above', 'see  above.', '', '   ', '—', 'tbc', 'nil'])(
    '"%s" is a placeholder',
    (text) => expect(isPlaceholderText(text)).toBe(true),
  )
  it.each(['nothing changes for users', 'rollback by restoring the snapshot', 'same as staging run 42', 'N/A because no data changes', 'nat'])(
    '"%s" is not a placeholder',
    (text) => expect(isPlaceholderText(text)).toBe(false),
  )
  it('ignores case and punctuation (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom('n/a', 'tbd', 'todo', 'none', 'see above'), fc.array(fc.constantFrom('.', '!', ' ', '/', '-', '*')), (word, noise) => {
        const mixed = word.split('').map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('')
        expect(isPlaceholderText(noise.join('') + mixed + noise.join(''))).toBe(true)
      }),
    )
  })
})

describe('validateSubmission', () => {
  it('accepts a complete change', () => {
    expect(validateSubmission(valid(), NOW)).toEqual({ ok: true })
  })
  it('accepts ISO strings for the window', () => {
    const c = { ...valid(), windowStart: '2026-06-10T22:00:00Z', windowEnd: '2026-06-11T00:00:00Z' }
    expect(validateSubmission(c, NOW)).toEqual({ ok: true })
  })
  it('treats testEvidence and communicationPlan as optional', () => {
    expect(validateSubmission({ ...valid(), testEvidence: '', communicationPlan: '' }, NOW)).toEqual({ ok: true })
  })

  it.each(REQUIRED_TEXT_FIELDS)('requires %s to be substantive', (field) => {
    expect(errorsOf({ ...valid(), [field]: '' })[field]?.[0]).toMatch(/is required/)
    expect(errorsOf({ ...valid(), [field]: 'TBD' })[field]?.[0]).toMatch(/placeholder/)
    expect(errorsOf({ ...valid(), [field]: 'fix  it  ' })[field]?.[0]).toMatch(/at least 10 characters/)
    expect(errorsOf({ ...valid(), [field]: 'a b c d e f g h i j' })[field]).toBeUndefined()
    expect(Object.keys(errorsOf({ ...valid(), [field]: undefined }))).toEqual([field])
  })

  it('requires a title', () => {
    expect(errorsOf({ ...valid(), title: '   ' }).title).toEqual(['Title is required.'])
  })

  it('requires the window, ordered, in the future', () => {
    expect(errorsOf({ ...valid(), windowStart: null }).windowStart).toEqual(['Window start is required.'])
    expect(errorsOf({ ...valid(), windowEnd: 'not a date' }).windowEnd).toEqual(['Window end is not a valid date and time.'])
    const start = new Date('2026-06-10T22:00:00Z')
    expect(errorsOf({ ...valid(), windowStart: start, windowEnd: start }).windowEnd).toEqual(['Window end must be after window start.'])
    expect(errorsOf(valid(), new Date('2026-06-10T22:00:00Z')).windowStart).toEqual(['Window start must be in the future.'])
    expect(errorsOf(valid(), new Date('2026-06-10T21:59:59.999Z')).windowStart).toBeUndefined()
  })

  it('requires at least one service', () => {
    expect(errorsOf({ ...valid(), serviceIds: [] }).serviceIds).toEqual(['Choose at least one affected service.'])
    expect(errorsOf({ ...valid(), serviceIds: [' '] }).serviceIds).toEqual(['Choose at least one affected service.'])
  })

  it('validates type and risk level', () => {
    expect(errorsOf({ ...valid(), type: 'MAJOR' }).type?.[0]).toMatch(/change type/)
    expect(errorsOf({ ...valid(), riskLevel: 'EXTREME' }).riskLevel?.[0]).toMatch(/risk level/)
  })

  it('reports every problem at once, including the window when other fields fail', () => {
    const errors = errorsOf({ ...valid(), title: '', purpose: 'n/a', rollbackPlan: '', serviceIds: [], windowStart: new Date('2026-01-01T00:00:00Z') })
    expect(Object.keys(errors).sort()).toEqual(['purpose', 'rollbackPlan', 'serviceIds', 'title', 'windowStart'])
  })

  it('handles non-objects', () => {
    expect(validateSubmission(null, NOW).ok).toBe(false)
    expect(validateSubmission('x', NOW).ok).toBe(false)
  })

  it('exposes the zod schema', () => {
    expect(ZSubmittableChange.safeParse(valid()).success).toBe(true)
  })
})

describe('vacantOwnerReasons', () => {
  it('names each service without an active signer, on the services field, saying who can fix it', () => {
    const reasons = vacantOwnerReasons([
      { serviceId: 's1', serviceName: 'Payments', holderName: 'Ann Lee', replaced: false },
      { serviceId: 's2', serviceName: 'Ledger', holderName: 'Cy Delegate', replaced: true },
    ])
    expect(reasons.map((r) => r.code)).toEqual(['invalid:serviceIds', 'invalid:serviceIds'])
    expect(reasons[0]?.message).toMatch(/^Payments: its owner Ann Lee is inactive\. An administrator .* replace the owner/)
    expect(reasons[1]?.message).toMatch(/^Ledger: Cy Delegate, who replaces its owner on this change, is inactive\./)
    expect(vacantOwnerReasons([])).toEqual([])
  })
})
