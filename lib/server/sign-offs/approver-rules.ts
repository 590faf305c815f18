import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import type { Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'

/** Locks nothing: call after lockChange. Loads what the policy and the approver rules need. */
export async function loadChangeForApprovers(tx: Tx, actor: Actor, changeId: string) {
  const change = await tx.changeRequest.findUnique({
    where: { id: changeId },
    select: {
      id: true,
      number: true,
      type: true,
      status: true,
      requesterId: true,
      revision: true,
      fingerprint: true,
      approvers: { select: { userId: true, user: { select: { name: true } } } },
    },
  })
  if (!change) throw new AppError('NOT_FOUND', 'This change does not exist.')
  const resource = { ...change, approverIds: change.approvers.map((a) => a.userId) }
  assertCan(actor, 'change:manage-approvers', resource)
  // Only while approvers are being asked: changing who signs an APPROVED or
  // SCHEDULED change would bypass the sign-offs it already has.
  if (change.status !== 'SUBMITTED') {
    throw new AppError('CONFLICT', 'Approvers can be changed only while the change is awaiting sign-off.')
  }
  return resource
}
