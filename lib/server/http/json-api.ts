import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { getActor } from '@/lib/server/authz'
import { AppError, isAppError } from '@/lib/server/errors'
import { env } from '@/lib/env'
import { logUseCaseFailure } from '@/lib/server/log'
import { crossSiteWriteProblem } from './same-origin'

// Shared by the /api/v1 route handlers: the session cookie is
// the credential, errors are JSON `{ error: { code, message, fieldErrors?, reasons? } }`
// with a 4xx status, never a 500 for a user's mistake.

export function jsonError(error: AppError): Response {
  const { fieldErrors, reasons } = error.details
  return Response.json(
    { error: { code: error.code, message: error.message, ...(fieldErrors ? { fieldErrors } : {}), ...(reasons ? { reasons } : {}) } },
    { status: error.httpStatus },
  )
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Runs a handler for a signed-in actor and a well-formed change id, mapping
 * AppErrors to JSON. Cookie-authenticated writes must come from this app's
 * own pages (crossSiteWriteProblem), on top of the JSON content-type rule.
 */
export async function withActor(request: Request, changeId: string, work: (actor: Actor) => Promise<Response>): Promise<Response> {
  try {
    const crossSite = crossSiteWriteProblem(request, env().NEXTAUTH_URL)
    if (crossSite) throw new AppError('FORBIDDEN', crossSite)
    const actor = await getActor()
    if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to use the API.')
    if (!UUID.test(changeId)) throw new AppError('NOT_FOUND', 'This change does not exist.')
    return await work(actor)
  } catch (error) {
    logUseCaseFailure(error, { via: 'api' })
    if (isAppError(error)) return jsonError(error)
    throw error
  }
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
