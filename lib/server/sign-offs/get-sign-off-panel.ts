import 'server-only'
import type { MaterialContent } from '@/lib/domain/change-request/material'
import { can, whyDenied } from '@/lib/domain/authz/policy'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/authz'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { loadSignOffs } from './load-sign-off-state'
import { parseRevisionContent } from './revision-content'

/**
 * Everything the sign-off section of the change page shows: each required
 * approver with their decision on the current revision and their stale ones,
 * whether the viewer may sign now (and why not), and the exact content of the
 * revision being signed.
 */
export async function getSignOffPanel(actor: Actor, changeId: string) {
  const change = await prisma.changeRequest.findUnique({
    where: { id: changeId },
    select: {
      id: true,
      number: true,
      status: true,
      type: true,
      requesterId: true,
      revision: true,
      fingerprint: true,
      approvers: { select: { userId: true } },
      revisions: { orderBy: { number: 'desc' }, take: 1, select: { number: true, fingerprint: true, content: true } },
    },
  })
  if (!change) throw new AppError('NOT_FOUND', 'This change does not exist.')
  const resource = { ...change, approverIds: change.approvers.map((a) => a.userId) }
  assertCan(actor, 'change:read', resource)
  const { approvers, state } = await loadSignOffs(prisma, change)
  const viewer = await prisma.user.findUnique({ where: { id: actor.id }, select: { timeZone: true } })
  const mine = state.perApprover.find((p) => p.approverId === actor.id)
  const latest = change.revisions[0]
  const content: MaterialContent | null = latest && latest.fingerprint === change.fingerprint ? parseRevisionContent(latest.content) : null

  const signBlocker = !can(actor, 'change:sign-off', resource)
    ? whyDenied(actor, 'change:sign-off', resource)
    : change.status !== 'SUBMITTED'
      ? 'This change is not awaiting sign-off.'
      : mine?.current
        ? `You already signed revision ${change.revision}.`
        : null
  const canManage = change.status === 'SUBMITTED' && can(actor, 'change:manage-approvers', resource)

  return {
    change: {
      id: change.id,
      number: formatChangeNumber(change.number),
      status: change.status,
      revision: change.revision,
      fingerprint: change.fingerprint,
    },
    approvers: state.perApprover.map((p) => ({ ...p, source: approvers.find((a) => a.id === p.approverId)?.source ?? 'NOMINATED' })),
    summary: { allApproved: state.allApproved, anyRejected: state.anyRejected, pending: state.pending },
    viewer: { id: actor.id, name: actor.name, timeZone: viewer?.timeZone ?? 'UTC', isRequester: actor.id === change.requesterId },
    /** The viewer's own decision on the current revision, if any. */
    myDecision: mine?.current ? { decision: mine.current.decision, revision: mine.current.revisionNumber } : null,
    signing: signBlocker === null ? { allowed: true as const, content } : { allowed: false as const, why: signBlocker },
    candidates: canManage ? await approverCandidates(change.requesterId, resource.approverIds) : null,
    serviceNames: content ? await serviceNames(content.serviceIds) : new Map<string, string>(),
  }
}

export type SignOffPanelData = Awaited<ReturnType<typeof getSignOffPanel>>

/** Active approvers and change managers who could be added: not already approvers, never the requester. */
async function approverCandidates(requesterId: string, approverIds: readonly string[]) {
  return prisma.user.findMany({
    where: { active: true, roles: { hasSome: ['APPROVER', 'CHANGE_MANAGER'] }, id: { notIn: [requesterId, ...approverIds] } },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  })
}

async function serviceNames(ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await prisma.service.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } })
  return new Map(rows.map((r) => [r.id, r.name]))
}
