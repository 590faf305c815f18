import 'server-only'
import { can, whyDenied, type Action, type ChangeResource } from '@/lib/domain/authz/policy'
import type { Actor } from '@/lib/domain/shared/types'
import { AppError } from '@/lib/server/errors'

/**
 * For use cases: the one policy (lib/domain/authz/policy.ts), failing closed
 * with its explanation. Kept apart from the session helpers in authz.ts so a
 * use case depends on no framework and runs the same from a page, the API, a
 * job or the demo seed.
 */
export function assertCan(actor: Actor, action: Action, resource?: ChangeResource): void {
  if (!can(actor, action, resource)) throw new AppError('FORBIDDEN', whyDenied(actor, action, resource) || 'This action is not permitted.')
}
