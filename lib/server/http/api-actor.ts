import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { getActor } from '@/lib/server/authz'
import { AppError, isAppError } from '@/lib/server/errors'
import { env } from '@/lib/env'
import { jsonError } from './json-api'
import { crossSiteWriteProblem } from './same-origin'

/**
 * Runs a handler for a signed-in actor, for /api/v1 routes that are not about
 * one change (withActor in json-api.ts also checks a change id). Same rules
 * as withActor: the session cookie is the credential, cookie-authenticated
 * writes must come from this app's own pages, AppErrors become JSON.
 *
 * MERGE NOTE (issue 12): the API-token branch adds `withApiActor(request, work)`
 * with this exact signature to json-api.ts, accepting bearer tokens as well;
 * when both are merged, import that one instead and delete this file.
 */
export async function withApiActor(request: Request, work: (actor: Actor) => Promise<Response>): Promise<Response> {
  try {
    const crossSite = crossSiteWriteProblem(request, env().NEXTAUTH_URL)
    if (crossSite) throw new AppError('FORBIDDEN', crossSite)
    const actor = await getActor()
    if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to use the API.')
    return await work(actor)
  } catch (error) {
    if (isAppError(error)) return jsonError(error)
    throw error
  }
}
