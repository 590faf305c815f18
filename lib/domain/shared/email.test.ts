import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EMAIL_WILDCARD_MESSAGE, INVALID_EMAIL, normaliseEmail, ZEmail } from './email'

function messages(value: string): string[] {
  const result = ZEmail.safeParse(value)
  return result.success ? [] : result.error.issues.map((issue) => issue.message)
}

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Ada.Admin@Example.COM\t')).toBe('ada.admin@example.com')
  })

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (value) => normaliseEmail(normaliseEmail(value)) === normaliseEmail(value)))
  })
})

describe('ZEmail', () => {
  it('accepts an address and returns its normalised form', () => {
    expect(ZEmail.parse(' Rita.Requester@Example.com ')).toBe('rita.requester@example.com')
    // `_` is an ordinary character in real addresses; exact matching makes it harmless.
    expect(ZEmail.parse('first_last@example.com')).toBe('first_last@example.com')
  })

  it('refuses LIKE wildcards with a message that says so', () => {
    for (const value of ['%@example.com', 'admin%@example.com', 'ad\\min@example.com', '%']) {
      expect(messages(value)).toEqual([EMAIL_WILDCARD_MESSAGE])
    }
  })

  it('refuses what is not an address, including a wildcard in the domain', () => {
    for (const value of ['', 'nope', 'admin@example.co_', 'admin@_xample.com', 'a b@example.com', 'admin@example.com\nx']) {
      expect(messages(value)).toEqual([INVALID_EMAIL])
    }
  })

  it('never lets a % or \\ through', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('%', '\\'), fc.string(), (before, wildcard, after) => {
        expect(ZEmail.safeParse(`${before}${wildcard}${after}@example.com`).success).toBe(false)
      }),
    )
  })
})
