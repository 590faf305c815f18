import { z } from 'zod'

/** pino's levels; `silent` logs nothing. */
export const ZLogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be one of fatal, error, warn, info, debug, trace, silent')

const REVIEW_DAYS = 'must be a whole number of days from 1 to 90'

/**
 * Server configuration, validated once at boot. Only server code reads
 * process.env; nothing here reaches the client bundle.
 */
const ZEnv = z
  .object({
    DATABASE_URL: z
      .string()
      .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), 'must be a postgresql:// connection URL'),
    NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
    NEXTAUTH_URL: z.url().optional(),
    // The address people reach the app by, for links that leave the browser
    // (ICS feeds, e-mails). Configured rather than read from Host or
    // X-Forwarded-* headers, which any client (or a misconfigured proxy) sets.
    PUBLIC_URL: z
      .string()
      .refine(isPublicOrigin, 'must be an http(s) origin such as https://cab.example.org (no path, query or credentials)')
      .transform((value) => new URL(value).origin)
      .optional(),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().default('Single sign-on'),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
    // Requests per API token per minute (shared by all instances, in PostgreSQL).
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
    // Higher than the per-address limit: an office behind one address has many
    // people mistyping, while one address spraying many accounts is an attack.
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
    // Only a reverse proxy that sets X-Forwarded-For makes that header
    // trustworthy; without one a client can write any address into it.
    TRUST_PROXY: z
      .enum(['true', 'false'], 'must be true or false')
      .default('false')
      .transform((value) => value === 'true'),
    // Unset: demo users on the embedded database only. The run script reads it;
    // it is validated here so a typo stops the start with the others.
    SEED_DEMO_DATA: z.enum(['true', 'false'], 'must be true or false').optional(),
    // Unset: e-mail goes to the local outbox (/admin/outbox) instead of a server.
    SMTP_URL: z
      .string()
      .refine((v) => URL.canParse(v) && ['smtp:', 'smtps:'].includes(new URL(v).protocol) && new URL(v).hostname !== '', 'must be smtp://user:pass@host:587 or smtps://user:pass@host:465')
      .optional(),
    MAIL_FROM: z
      .string()
      .trim()
      .max(320)
      .refine((v) => /^([^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/.test(v), 'must be an address, or a name and an address: Changeboard <cab@example.com>')
      .default('Changeboard <changeboard@localhost>'),
    START_GRACE_MINUTES: z.coerce.number().int().min(0).default(15),
    CROWDED_WINDOW_THRESHOLD: z.coerce.number().int().min(1).default(3),
    // Timed notices (lib/server/notifications/timed-notices.ts): remind the
    // approvers who have not signed this many hours before the window, then
    // tell the change managers at the escalation mark; the review of a
    // finished change is due this many days after its outcome.
    SIGNOFF_REMINDER_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(24),
    SIGNOFF_ESCALATION_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(4),
    REVIEW_DUE_DAYS: z.coerce.number().int().min(1).max(365).default(3),
    // The retrospective review of an emergency change is mandatory within this
    // many days of its end (lib/domain/change-request/emergency-review.ts): the
    // dashboard, the metrics and the escalation to change managers all read it.
    EMERGENCY_REVIEW_DAYS: z.coerce.number(REVIEW_DAYS).int(REVIEW_DAYS).min(1, REVIEW_DAYS).max(90, REVIEW_DAYS).default(3),
    // Outgoing webhooks (lib/server/webhooks/url-guard.ts): only for tests and
    // local development. When true, http:// URLs to localhost and addresses on
    // loopback, private and link-local networks are allowed; never in production.
    WEBHOOKS_ALLOW_HTTP: z
      .enum(['true', 'false'], 'must be true or false')
      .default('false')
      .transform((value) => value === 'true'),
    // Server log level (lib/server/log.ts).
    LOG_LEVEL: ZLogLevel.default('info'),
  })
  .refine((e) => e.SIGNOFF_ESCALATION_HOURS <= e.SIGNOFF_REMINDER_HOURS, {
    message: 'must not be more than SIGNOFF_REMINDER_HOURS (the escalation follows the reminder)',
    path: ['SIGNOFF_ESCALATION_HOURS'],
  })
  .refine(
    (e) => [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].every((v) => v === undefined) ||
      [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].every((v) => v !== undefined),
    { message: 'set all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or none', path: ['OIDC_ISSUER'] },
  )

export type Env = z.infer<typeof ZEnv>

/** Links are built as `${base}/changes/…`, so only a bare origin (a trailing slash is fine) is accepted. */
function isPublicOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false
  const url = new URL(value)
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password
}

/** One line per problem, naming the variable, for a person reading a terminal. */
export function describeEnvProblems(error: z.ZodError): string {
  return error.issues
    .map((issue) => `Invalid environment variable ${String(issue.path[0] ?? '')}: ${issue.message}`)
    .join('; ')
}

export function parseEnv(source: Record<string, string | undefined>): { ok: true; env: Env } | { ok: false; message: string } {
  const result = ZEnv.safeParse(source)
  return result.success ? { ok: true, env: result.data } : { ok: false, message: describeEnvProblems(result.error) }
}

let cached: Env | undefined

export function env(): Env {
  if (cached) return cached
  const result = parseEnv(process.env)
  if (!result.ok) throw new Error(result.message)
  cached = result.env
  return cached
}
