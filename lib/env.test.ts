import { describe, expect, it } from 'vitest'
import { parseEnv } from './env'

const valid = {
  DATABASE_URL: 'postgresql://user:pass@localhost:5432/changeboard',
  NEXTAUTH_SECRET: 'x'.repeat(32),
}

describe('parseEnv', () => {
  it('accepts a minimal valid configuration and fills defaults', () => {
    const result = parseEnv(valid)
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.env.LOGIN_MAX_FAILURES).toBe(5)
      expect(result.env.CROWDED_WINDOW_THRESHOLD).toBe(3)
      expect(result.env.LOGIN_MAX_FAILURES_PER_IP).toBe(50)
      expect(result.env.TRUST_PROXY).toBe(false)
    }
  })

  it('names the bad variable in one line', () => {
    const result = parseEnv({ ...valid, DATABASE_URL: 'nonsense' })
    expect(result).toEqual({ ok: false, message: 'Invalid environment variable DATABASE_URL: must be a postgresql:// connection URL' })
  })

  it('refuses a SEED_DEMO_DATA that is not true or false, naming it', () => {
    expect(parseEnv({ ...valid, SEED_DEMO_DATA: 'yes' })).toEqual({ ok: false, message: 'Invalid environment variable SEED_DEMO_DATA: must be true or false' })
    expect(parseEnv({ ...valid, SEED_DEMO_DATA: 'false' }).ok).toBe(true)
  })

  it('takes an smtp:// or smtps:// SMTP_URL and refuses anything else, naming it', () => {
    expect(parseEnv({ ...valid, SMTP_URL: 'smtp://user:pass@mail.example.com:587' }).ok).toBe(true)
    expect(parseEnv({ ...valid, SMTP_URL: 'smtps://mail.example.com' }).ok).toBe(true)
    for (const bad of ['mail.example.com:587', 'http://mail.example.com', 'smtp://']) {
      expect(parseEnv({ ...valid, SMTP_URL: bad })).toEqual({
        ok: false,
        message: 'Invalid environment variable SMTP_URL: must be smtp://user:pass@host:587 or smtps://user:pass@host:465',
      })
    }
  })

  it('takes MAIL_FROM as an address or a named address, and refuses header tricks', () => {
    const from = (value: string) => parseEnv({ ...valid, MAIL_FROM: value })
    expect(from('cab@example.com').ok).toBe(true)
    expect(from('Change Board <cab@example.com>').ok).toBe(true)
    expect(from('cab@example.com\r\nBcc: victim@example.com').ok).toBe(false)
    expect(from('not an address')).toEqual({
      ok: false,
      message: 'Invalid environment variable MAIL_FROM: must be an address, or a name and an address: Changeboard <cab@example.com>',
    })
    const defaults = parseEnv(valid)
    expect(defaults.ok && defaults.env.MAIL_FROM).toBe('Changeboard <changeboard@localhost>')
  })

  it('takes EMERGENCY_REVIEW_DAYS as whole days (default 3) and names it in one line otherwise', () => {
    const defaults = parseEnv(valid)
    expect(defaults.ok && defaults.env.EMERGENCY_REVIEW_DAYS).toBe(3)
    const five = parseEnv({ ...valid, EMERGENCY_REVIEW_DAYS: '5' })
    expect(five.ok && five.env.EMERGENCY_REVIEW_DAYS).toBe(5)
    for (const bad of ['0', '2.5', 'soon', '91']) {
      expect(parseEnv({ ...valid, EMERGENCY_REVIEW_DAYS: bad })).toEqual({
        ok: false,
        message: 'Invalid environment variable EMERGENCY_REVIEW_DAYS: must be a whole number of days from 1 to 90',
      })
    }
  })

  it('refuses a short session secret', () => {
    const result = parseEnv({ ...valid, NEXTAUTH_SECRET: 'short' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toMatch(/^Invalid environment variable NEXTAUTH_SECRET: /)
  })

  it('requires all OIDC variables together', () => {
    const result = parseEnv({ ...valid, OIDC_ISSUER: 'https://id.example.com' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toContain('OIDC_ISSUER')
    expect(parseEnv({ ...valid, OIDC_ISSUER: 'https://id.example.com', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }).ok).toBe(true)
  })

  it('refuses numbers that are not numbers', () => {
    const result = parseEnv({ ...valid, LOGIN_MAX_FAILURES: 'many' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toContain('LOGIN_MAX_FAILURES')
  })

  it('trusts X-Forwarded-For only when TRUST_PROXY is exactly true or false', () => {
    const trusted = parseEnv({ ...valid, TRUST_PROXY: 'true' })
    expect(trusted.ok && trusted.env.TRUST_PROXY).toBe(true)
    const untrusted = parseEnv({ ...valid, TRUST_PROXY: 'false' })
    expect(untrusted.ok && untrusted.env.TRUST_PROXY).toBe(false)
    expect(parseEnv({ ...valid, TRUST_PROXY: 'yes' })).toEqual({
      ok: false,
      message: 'Invalid environment variable TRUST_PROXY: must be true or false',
    })
  })

  it('refuses a per-IP failure limit below 1', () => {
    const result = parseEnv({ ...valid, LOGIN_MAX_FAILURES_PER_IP: '0' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toContain('LOGIN_MAX_FAILURES_PER_IP')
  })

  it('timed notices: defaults, positive whole numbers, and an escalation no earlier than the reminder', () => {
    const result = parseEnv(valid)
    expect(result.ok && [result.env.SIGNOFF_REMINDER_HOURS, result.env.SIGNOFF_ESCALATION_HOURS, result.env.REVIEW_DUE_DAYS]).toEqual([24, 4, 3])
    expect(parseEnv({ ...valid, SIGNOFF_REMINDER_HOURS: '48', SIGNOFF_ESCALATION_HOURS: '8', REVIEW_DUE_DAYS: '5' }).ok).toBe(true)
    for (const [name, bad] of [['SIGNOFF_REMINDER_HOURS', '0'], ['SIGNOFF_REMINDER_HOURS', 'soon'], ['REVIEW_DUE_DAYS', '1.5'], ['SIGNOFF_ESCALATION_HOURS', '-1']]) {
      const outcome = parseEnv({ ...valid, [name as string]: bad })
      expect(outcome.ok).toBe(false)
      if (!outcome.ok) expect(outcome.message).toMatch(new RegExp(`^Invalid environment variable ${name}: `))
    }
    expect(parseEnv({ ...valid, SIGNOFF_REMINDER_HOURS: '2', SIGNOFF_ESCALATION_HOURS: '4' })).toEqual({
      ok: false,
      message: 'Invalid environment variable SIGNOFF_ESCALATION_HOURS: must not be more than SIGNOFF_REMINDER_HOURS (the escalation follows the reminder)',
    })
  })
})
