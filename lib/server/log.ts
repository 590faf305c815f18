import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'
import pino, { type DestinationStream, type Level, type Logger } from 'pino'
import { ZLogLevel } from '@/lib/env'
import { isAppError } from './errors'

/**
 * The server's one logger (pino): JSON lines on stdout in production, one
 * readable line per entry with NODE_ENV=development (a small built-in
 * formatter rather than pino-pretty, which would run in a worker thread and
 * be one more dependency for a few lines of formatting). LOG_LEVEL sets the
 * level (validated with the rest of the environment in lib/env.ts).
 *
 * Secrets never reach the output, by three layers:
 * 1. callers log ids, codes and routes, never bodies, headers or form values;
 * 2. pino's `redact` censors fields that carry secrets wherever they are passed
 *    (passwords, statements, tokens, Authorization and Cookie headers);
 * 3. every finished line is scrubbed of secret-shaped text however it got in (an
 *    error message, a stack): API tokens `cb_…`, `Bearer …`, session cookies.
 * Every line logged while a request is handled carries its request id and,
 * once known, the user id (request-context below).
 */

export const REDACTED = '[redacted]'

const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'statement',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'clientSecret',
  'authorization',
  'cookie',
  'set-cookie',
]

/** Each secret key at the top level and up to two levels down (`values.password`, `err.headers.authorization`). */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const step = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`
  return [step.startsWith('.') ? key : step, `*${step}`, `*.*${step}`]
})

const SCRUBBERS: [RegExp, string][] = [
  // API tokens (lib/server/http: `cb_` and a random tail).
  [/\bcb_[A-Za-z0-9_-]{8,}/g, `cb_${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // next-auth's session, CSRF and callback cookies (also the __Secure-/__Host- forms).
  [/((?:__Secure-|__Host-)?next-auth\.[a-z-]+(?:\.\d+)?=)[^;\s"\\]+/gi, `$1${REDACTED}`],
]

/** Removes secret-shaped text from one finished line. */
export function scrubSecrets(line: string): string {
  return SCRUBBERS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line)
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }

/** Development output: `12:00:01.234 INFO  request GET /changes 200 12ms reqId=… userId=…`, then the stack if any. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(json) as Record<string, unknown>
  } catch {
    return json
  }
  const { time, level, levelName: _levelName, msg, err, pid: _pid, hostname: _hostname, ...rest } = entry
  const when = typeof time === 'string' ? time.slice(11, 23) : ''
  const name = (LEVEL_NAMES[Number(level)] ?? String(level)).padEnd(5)
  const fields = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ')
  const stack = err && typeof err === 'object' && 'stack' in err && typeof err.stack === 'string' ? `\n${err.stack}` : ''
  return `${when} ${name} ${typeof msg === 'string' ? msg : ''}${fields ? ` ${fields}` : ''}${stack}\n`
}

type LoggerOptions = { level?: Level | 'silent'; pretty?: boolean; destination?: { write: (line: string) => void } }

/** A logger writing scrubbed lines to `destination` (stdout by default); the tests capture it. */
export function createLogger({ level = 'info', pretty = false, destination }: LoggerOptions = {}): Logger {
  const out = destination ?? { write: (line: string) => void process.stdout.write(line) }
  const stream: DestinationStream = { write: (line: string) => out.write(scrubSecrets(pretty ? prettyLine(line) : line)) }
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err },
      formatters: { level: (label, number) => ({ level: number, levelName: label }) },
      mixin: () => {
        const context = requestContext()
        if (!context) return {}
        return context.userId ? { reqId: context.requestId, userId: context.userId } : { reqId: context.requestId }
      },
    },
    stream,
  )
}

const LOGGER = Symbol.for('changeboard.logger')
const CONTEXT = Symbol.for('changeboard.request-context')
type Globals = { [LOGGER]?: Logger; [CONTEXT]?: AsyncLocalStorage<RequestContext> }
// On globalThis: Next bundles instrumentation and the routes separately, and they must share one logger and one context.
const globals = globalThis as Globals

/** The process's logger, made on first use from LOG_LEVEL and NODE_ENV. */
export function log(): Logger {
  if (!globals[LOGGER]) {
    const level = ZLogLevel.safeParse(process.env.LOG_LEVEL)
    globals[LOGGER] = createLogger({ level: level.success ? level.data : 'info', pretty: process.env.NODE_ENV === 'development' })
  }
  return globals[LOGGER]
}

/** What every line logged while handling one request carries. */
export type RequestContext = { requestId: string; userId?: string }

function contextStorage(): AsyncLocalStorage<RequestContext> {
  globals[CONTEXT] ??= new AsyncLocalStorage<RequestContext>()
  return globals[CONTEXT]
}

export function requestContext(): RequestContext | undefined {
  return globals[CONTEXT]?.getStore()
}

/** Makes `context` the current request's for everything that follows synchronously and asynchronously (request-log.ts). */
export function enterRequestContext(context: RequestContext): void {
  contextStorage().enterWith(context)
}

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return contextStorage().run(context, work)
}

/** Called where the signed-in user is resolved (getActor), so the request's lines name them. */
export function noteRequestUser(userId: string): void {
  const context = requestContext()
  if (context) context.userId = userId
}

/**
 * An incoming X-Request-Id is kept only when it is plainly an id (letters,
 * digits, `-`, `_`, `.`, `:`; 8 to 64 characters), so a client cannot inject
 * text, newlines or huge values into the logs; otherwise a new UUID is made.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/

export function requestIdFrom(incoming: string | string[] | null | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming
  return value && SAFE_REQUEST_ID.test(value) ? value : randomUUID()
}

/**
 * One line per failed use case. An AppError is an expected outcome (a
 * refusal, invalid input, a conflict): info for the user's own mistakes, warn
 * for the rest, with its code and never its field values. Anything else is a
 * fault: error, with the stack.
 */
export function logUseCaseFailure(error: unknown, context: Record<string, string | number | undefined> = {}): void {
  if (isAppError(error)) {
    const level = error.code === 'INVALID_INPUT' || error.code === 'NOT_FOUND' ? 'info' : 'warn'
    log()[level]({ ...context, code: error.code, status: error.httpStatus, reason: error.message }, 'use case refused')
    return
  }
  // Next's navigation signals (redirect(), notFound(), forbidden()) are thrown too, and are not failures.
  if (isNavigationSignal(error)) return
  log().error({ ...context, err: error }, 'use case failed')
}

function isNavigationSignal(error: unknown): boolean {
  if (!(error instanceof Error) || !('digest' in error)) return false
  return typeof error.digest === 'string' && /^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK|NOT_FOUND)/.test(error.digest)
}
