import { describe, expect, it } from 'vitest'
import { AppError } from './errors'
import { createLogger, prettyLine, REDACTED, requestIdFrom, runWithRequestContext, scrubSecrets, noteRequestUser } from './log'
import { logRoute } from './request-log'

/** A logger whose output is captured, one string per line. */
function captured(options: { pretty?: boolean } = {}) {
  const lines: string[] = []
  const logger = createLogger({ level: 'trace', destination: { write: (line) => void lines.push(line) }, ...options })
  return { logger, lines, text: () => lines.join('') }
}

const PASSWORD = 'correct-horse-battery-staple-9'
const STATEMENT = 'I approve CHG-42 knowing the rollback is untested'
const API_TOKEN = 'cb_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA'
const SESSION = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..secret-session-jwe'

describe('createLogger', () => {
  it('writes one JSON line per entry, with level, time and message', () => {
    const { logger, lines } = captured()
    logger.info({ route: '/changes' }, 'request')
    expect(lines).toHaveLength(1)
    expect(lines[0]?.endsWith('\n')).toBe(true)
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>
    expect(entry).toMatchObject({ level: 30, levelName: 'info', msg: 'request', route: '/changes' })
    expect(typeof entry.time).toBe('string')
  })

  it('never writes a password, statement, token or cookie passed as a field, however deep', () => {
    const { logger, text } = captured()
    logger.info({ password: PASSWORD, values: { password: PASSWORD, statement: STATEMENT } }, 'form')
    logger.warn({ statement: STATEMENT, token: API_TOKEN, secret: PASSWORD }, 'sign-off')
    logger.info({ req: { headers: { authorization: `Bearer ${API_TOKEN}`, cookie: `next-auth.session-token=${SESSION}` } } }, 'headers')
    logger.info({ headers: { 'set-cookie': `next-auth.session-token=${SESSION}`, cookie: SESSION } }, 'response')
    const out = text()
    for (const secret of [PASSWORD, STATEMENT, API_TOKEN, SESSION]) expect(out).not.toContain(secret)
    expect(out).toContain(REDACTED)
  })

  it('scrubs tokens, bearer credentials and session cookies out of messages and error stacks', () => {
    const { logger, text } = captured()
    logger.error({ err: new Error(`upstream refused Authorization: Bearer ${API_TOKEN}`) }, `token ${API_TOKEN} was revoked`)
    logger.warn(`Cookie: __Secure-next-auth.session-token=${SESSION}; next-auth.csrf-token=abc123`)
    const out = text()
    expect(out).not.toContain(API_TOKEN)
    expect(out).not.toContain(SESSION)
    expect(out).not.toContain('abc123')
    expect(out).toContain('"stack"')
  })

  it('adds the request id and, once known, the user id to every line inside a request', () => {
    const { logger, lines } = captured()
    runWithRequestContext({ requestId: 'req-12345678' }, () => {
      logger.info('before sign-in is known')
      noteRequestUser('user-1')
      logger.info('after')
    })
    logger.info('outside')
    const [before, after, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(before).toMatchObject({ reqId: 'req-12345678' })
    expect(before).not.toHaveProperty('userId')
    expect(after).toMatchObject({ reqId: 'req-12345678', userId: 'user-1' })
    expect(outside).not.toHaveProperty('reqId')
  })

  it('in development, prints readable lines, still without secrets', () => {
    const { logger, text } = captured({ pretty: true })
    logger.info({ route: '/changes', status: 200, password: PASSWORD }, 'request')
    expect(text()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}request route=\/changes status=200 password=\[redacted\]/)
    expect(text()).not.toContain(PASSWORD)
    expect(prettyLine('not json')).toBe('not json')
  })
})

describe('logUseCaseFailure', () => {
  it('logs an AppError as an expected outcome with its code, and anything else as an error with its stack', async () => {
    const lines: string[] = []
    const { logUseCaseFailure } = await import('./log')
    const logger = createLogger({ level: 'info', destination: { write: (line) => void lines.push(line) } })
    ;(globalThis as Record<symbol, unknown>)[Symbol.for('changeboard.logger')] = logger
    try {
      logUseCaseFailure(new AppError('INVALID_INPUT', 'Check the fields.', { fieldErrors: { title: ['Too long'] } }), { via: 'form' })
      logUseCaseFailure(new AppError('CONFLICT', 'Someone else changed it.'), { via: 'api' })
      logUseCaseFailure(new TypeError('boom'), { via: 'form' })
      const redirect = Object.assign(new Error('NEXT_REDIRECT'), { digest: 'NEXT_REDIRECT;replace;/x;307;' })
      logUseCaseFailure(redirect)
    } finally {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('changeboard.logger')]
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(entries).toHaveLength(3)
    expect(entries[0]).toMatchObject({ levelName: 'info', code: 'INVALID_INPUT', status: 400, via: 'form', msg: 'use case refused' })
    expect(JSON.stringify(entries[0])).not.toContain('Too long')
    expect(entries[1]).toMatchObject({ levelName: 'warn', code: 'CONFLICT', status: 409 })
    expect(entries[2]).toMatchObject({ levelName: 'error', msg: 'use case failed', err: { type: 'TypeError', message: 'boom' } })
    expect(String((entries[2]?.err as { stack?: unknown }).stack)).toContain('TypeError: boom')
  })
})

describe('requestIdFrom', () => {
  it('keeps a plain incoming id', () => {
    for (const id of ['0f8fad5b-d9cb-469f-a165-70867728950e', 'lb-1700000000.123:abc', 'ABCDEFGH']) expect(requestIdFrom(id)).toBe(id)
    expect(requestIdFrom(['first-id-123', 'second'])).toBe('first-id-123')
  })

  it('replaces anything else with a fresh UUID: missing, short, long, or carrying other characters', () => {
    const hostile = [undefined, null, '', 'short', 'x'.repeat(65), 'id\nlevel=60 msg=forged', 'id with spaces', '<script>alert(1)</script>', 'id"},{"admin":true', 'ümlaut-id-1234']
    for (const value of hostile) {
      const id = requestIdFrom(value)
      expect(id, JSON.stringify(value)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined))
  })
})

describe('logRoute', () => {
  it('drops the query string and hides the calendar feed token', () => {
    expect(logRoute('/api/auth/callback/oidc?code=SECRETCODE&state=xyz')).toBe('/api/auth/callback/oidc')
    expect(logRoute('/sign-in?callbackUrl=%2Fchanges#top')).toBe('/sign-in')
    expect(logRoute('/api/calendar/feed-token-abcdef/changes.ics')).toBe('/api/calendar/[token]/changes.ics')
    expect(logRoute('/changes/1')).toBe('/changes/1')
  })
})

describe('scrubSecrets', () => {
  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('{"msg":"request","route":"/changes","status":200}')).toBe('{"msg":"request","route":"/changes","status":200}')
  })
})
