import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatChangeNumber, parseChangeNumber } from './number'

describe('change numbers', () => {
  it('formats with six digits and the CHG prefix', () => {
    expect(formatChangeNumber(1)).toBe('CHG-000001')
    expect(formatChangeNumber(123456)).toBe('CHG-123456')
    expect(formatChangeNumber(1234567)).toBe('CHG-1234567')
  })

  it.each([
    ['CHG-000123', 123],
    ['chg123', 123],
    ['000123', 123],
    [' 123 ', 123],
    ['CHG-', null],
    ['payments', null],
    ['12a', null],
  ])('parses %j as %j', (text, expected) => {
    expect(parseChangeNumber(text)).toBe(expected)
  })

  it('round-trips every positive number', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 999_999_999 }), (n) => parseChangeNumber(formatChangeNumber(n)) === n))
  })
})
