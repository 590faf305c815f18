import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { getActor } from '@/lib/server/authz'
import { AppError, isAppError } from '@/lib/server/errors'
import { env } from '@/lib/env'
import { actorForToken, bearerToken } from '@/lib/server/auth/api-token'
import { logUseCaseFailure } from '@/lib/server/log'
import { crossSiteWriteProblem } from './same-origin'

// Shared by the /api/v1 route handlers: the credential is an API token
// (`Authorization: Bearer cb_…`) or the browser's session cookie; errors are
// JSON `{ error: { code, message, fieldErrors?, reasons? } }` with a 4xx
// status, never a 500 for a user's mistake.

export function jsonError(error: AppError): Response {
  const { fieldErrors, reasons, retryAfterSeconds } = error.details
  const headers = new Headers()
  if (error.code === 'UNAUTHENTICATED') headers.set('WWW-Authenticate', 'Bearer realm="changeboard"')
  if (error.code === 'RATE_LIMITED' && retryAfterSeconds !== undefined) headers.set('Retry-After', String(retryAfterSeconds))
  return Response.json(
    { error: { code: error.code, message: error.message, ...(fieldErrors ? { fieldErrors } : {}), ...(reasons ? { reasons } : {}) } },
    { status: error.httpStatus, headers },
  )
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const NOT_SIGNED_IN = 'Sign in, or send an API token as "Authorization: Bearer cb_…".'

/**
 * Who is calling. A request with an Authorization header is authenticated by
 * that token alone (any cookie it also carries is ignored, so neither the
 * session nor the same-origin rule applies); a READ-scope token may not use a
 * state-changing method. Otherwise the session cookie is the credential, and
 * a cookie-authenticated write must come from this app's own pages
 * (crossSiteWriteProblem), on top of the JSON content-type rule.
 */
export async function resolveApiActor(request: Request): Promise<Actor> {
  const token = bearerToken(request)
  if (token !== null) {
    const actor = await actorForToken(token)
    if (actor.tokenScope !== 'WRITE' && STATE_CHANGING.has(request.method.toUpperCase())) {
      throw new AppError('FORBIDDEN', 'This token has the read scope: it cannot change anything. Use a token with the write scope.')
    }
    return actor
  }
  // No token and no cookie: nobody to look up.
  if (!request.headers.get('cookie')) throw new AppError('UNAUTHENTICATED', NOT_SIGNED_IN)
  const crossSite = crossSiteWriteProblem(request, env().NEXTAUTH_URL)
  if (crossSite) throw new AppError('FORBIDDEN', crossSite)
  const actor = await getActor()
  if (!actor) throw new AppError('UNAUTHENTICATED', NOT_SIGNED_IN)
  return actor
}

/** Runs a handler for an authenticated actor (token or session), mapping AppErrors to JSON. */
export async function withApiActor(request: Request, work: (actor: Actor) => Promise<Response>): Promise<Response> {
  try {
    return await work(await resolveApiActor(request))
  } catch (error) {
    logUseCaseFailure(error, { via: 'api' })
    if (isAppError(error)) return jsonError(error)
    throw error
  }
}

/**
 * Runs a handler for an authenticated actor (token or session) and a
 * well-formed change id, mapping AppErrors to JSON.
 */
export async function withActor(request: Request, changeId: string, work: (actor: Actor) => Promise<Response>): Promise<Response> {
  return withApiActor(request, async (actor) => {
    if (!UUID.test(changeId)) throw new AppError('NOT_FOUND', 'This change does not exist.')
    return work(actor)
  })
}

/**
 * The JSON body of a POST. Only application/json is accepted: a cross-site
 * HTML form cannot send it, which keeps the cookie-authenticated API out of
 * reach of form-based CSRF (on top of SameSite cookies).
 */
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw new AppError('INVALID_INPUT', 'Send a JSON body with Content-Type: application/json.')
  }
  const text = await readCapped(request, MAX_JSON_BYTES)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new AppError('INVALID_INPUT', 'The body must be a JSON object.')
  return body as Record<string, unknown>
}

/**
 * For POSTs whose body is optional (submit, start): no body (or an empty one)
 * is {}; anything sent must be a JSON object, as with readJsonBody.
 */
export async function readOptionalJsonBody(request: Request): Promise<{ version?: unknown } & Record<string, unknown>> {
  const length = request.headers.get('content-length')
  if (!request.body || length === '0' || (!request.headers.get('content-type') && length === null)) return {}
  return readJsonBody(request)
}

/** Far above any sign-off or schedule request (a 5,000-character statement is under 20 KB). */
export const MAX_JSON_BYTES = 64 * 1024

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${MAX_JSON_BYTES / 1024} KB.`)

/** The body as text, refused before it is read when Content-Length says it is too big, and cut off as soon as the stream passes the cap. */
async function readCapped(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '')
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge()
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      throw tooLarge()
    }
    chunks.push(value)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}
