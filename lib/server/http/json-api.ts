import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { getActor } from '@/lib/server/authz'
import { AppError, isAppError } from '@/lib/server/errors'

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

/** Runs a handler for a signed-in actor and a well-formed change id, mapping AppErrors to JSON. */
export async function withActor(changeId: string, work: (actor: Actor) => Promise<Response>): Promise<Response> {
  try {
    const actor = await getActor()
    if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to use the API.')
    if (!UUID.test(changeId)) throw new AppError('NOT_FOUND', 'This change does not exist.')
    return await work(actor)
  } catch (error) {
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
  const body: unknown = await request.json().catch(() => undefined)
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new AppError('INVALID_INPUT', 'The body must be a JSON object.')
  return body as Record<string, unknown>
}
