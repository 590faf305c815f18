import 'server-only'
import { signOffDeadlines } from '@/lib/domain/notifications/timed'
import { timedSettings } from '@/lib/server/notifications/timed-notices'
import type { MaterialContent } from '@/lib/domain/change-request/material'
import { can, holdsSeat, whyDenied } from '@/lib/domain/authz/policy'
import type { Actor, ApproverSource } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { prisma } from '@/lib/server/db'
import { viewerTimeZone } from '@/lib/server/viewer'
import { AppError } from '@/lib/server/errors'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { loadSignOffs, type SignOffEntry } from '@/lib/server/lifecycle/sign-offs'
import type { SignOffState } from '@/lib/domain/sign-off'
import { parseRevisionContent } from '@/lib/domain/change-request/revision-content'
import { chooseSeat } from '@/lib/domain/approval-policy/delegation'
import { progressInWords, type PolicyEvaluation } from '@/lib/domain/approval-policy/evaluate'
import { stagesInWords } from '@/lib/domain/approval-policy/policy-rules'
import { withDelegatedSeats } from './delegations'

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
      windowStart: true,
      approvers: { select: { userId: true } },
      revisions: { orderBy: { number: 'desc' }, take: 1, select: { number: true, fingerprint: true, content: true } },
    },
  })
  if (!change) throw new AppError('NOT_FOUND', 'This change does not exist.')
  const now = new Date()
  const resource = await withDelegatedSeats(prisma, actor, { ...change, approverIds: change.approvers.map((a) => a.userId) }, now)
  assertCan(actor, 'change:read', resource)
  const { approvers, state } = await loadSignOffs(prisma, change)
  const mine = state.perApprover.find((p) => p.approverId === actor.id)
  const latest = change.revisions[0]
  const content: MaterialContent | null = latest && latest.fingerprint === change.fingerprint ? parseRevisionContent(latest.content) : null
  const names = new Map(approvers.map((a) => [a.id, a.name]))

  // The seats the viewer may sign now: their own, and any they hold by delegation; each once per revision.
  const evaluation = state.policy
  const choices = evaluation
    ? [actor.id, ...resource.delegatorIds].map((seatId) => ({
        seatId,
        choice: chooseSeat({ signer: actor, onBehalfOfId: seatId, requesterId: change.requesterId, evaluation, delegations: resource.delegations, names, now }),
        signed: state.perApprover.find((p) => p.approverId === seatId)?.current !== undefined,
      }))
    : []
  const seats = choices
    .filter((c) => c.choice.ok && !c.signed)
    .map((c) => ({ id: c.seatId, label: c.seatId === actor.id ? `Yourself (${actor.name})` : `On behalf of ${names.get(c.seatId) ?? 'an approver'}` }))
  const firstRefusal = choices.map((c) => c.choice).find((c) => !c.ok)
  const signBlocker = !can(actor, 'change:sign-off', resource)
    ? whyDenied(actor, 'change:sign-off', resource)
    : change.status !== 'SUBMITTED'
      ? 'This change is not awaiting sign-off.'
      : seats.length > 0
        ? null
        : mine?.current
          ? `You already signed revision ${change.revision}.`
          : firstRefusal && !firstRefusal.ok
            ? firstRefusal.message
            : 'There is nothing left for you to sign on this revision.'
  // Owners can be replaced on a draft too (an inactive owner blocks submission); adding and removing waits for submission.
  const canManage = (change.status === 'DRAFT' || change.status === 'SUBMITTED') && can(actor, 'change:manage-approvers', resource)

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
    policy: evaluation ? policyProgress(evaluation, names) : null,
    /** While sign-off is awaited: when unsigned approvers are reminded and when the change managers are told. */
    deadlines: change.status === 'SUBMITTED' && change.windowStart && evaluation ? signOffDeadlines(change.windowStart, timedSettings()) : null,
    viewer: { id: actor.id, name: actor.name, timeZone: viewerTimeZone(actor), isRequester: actor.id === change.requesterId, holdsSeat: holdsSeat(actor, resource) },
    /** The viewer's own decision on the current revision, if any (or one they gave in a delegator's seat). */
    myDecision: mine?.current
      ? { decision: mine.current.decision, revision: mine.current.revisionNumber, onBehalfOf: null }
      : delegatedDecision(state.perApprover, actor.id),
    signing: signBlocker === null ? { allowed: true as const, content, seats } : { allowed: false as const, why: signBlocker },
    management: canManage ? await approverManagement(change, approvers) : null,
    serviceNames: content ? await serviceNames(content.serviceIds) : new Map<string, string>(),
  }
}

export type SignOffPanelData = Awaited<ReturnType<typeof getSignOffPanel>>

/** A decision the viewer gave on the current revision in a delegator's seat. */
function delegatedDecision(perApprover: SignOffState<SignOffEntry>['perApprover'], actorId: string) {
  const seat = perApprover.find((p) => p.current?.delegate?.id === actorId)
  return seat?.current ? { decision: seat.current.decision, revision: seat.current.revisionNumber, onBehalfOf: seat.name } : null
}

/** The policy in words and each rule's progress in words (never colour alone), for the panel. */
function policyProgress(policy: PolicyEvaluation, names: ReadonlyMap<string, string>) {
  return {
    inWords: stagesInWords(policy.rules.map((r) => ({ stage: r.rule.stage, text: r.rule.description }))),
    stages: new Set(policy.rules.map((r) => r.rule.stage)).size,
    rules: policy.rules.map((r) => ({
      position: r.rule.position,
      stage: r.rule.stage,
      description: r.rule.description,
      satisfied: r.satisfied,
      open: r.open,
      progress: progressInWords(r),
      approvedBy: r.approvedIds.map((id) => names.get(id) ?? 'a former approver'),
    })),
    vetoedBy: policy.vetoedBy.map((id) => names.get(id) ?? 'a former approver'),
  }
}

/**
 * What a change manager may do with the approvers: replace each affected
 * service's owner (any time before sign-off ends), and on a submitted change
 * add someone or remove a nominee. People offered are active approvers or
 * change managers, never the requester.
 */
async function approverManagement(
  change: { id: string; status: string; requesterId: string },
  approvers: readonly { id: string; name: string; source: ApproverSource }[],
) {
  const signers = await prisma.user.findMany({
    where: { active: true, roles: { hasSome: ['APPROVER', 'CHANGE_MANAGER'] }, id: { not: change.requesterId } },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  })
  const services = await prisma.changeService.findMany({
    where: { changeId: change.id },
    select: { service: { select: { name: true, owner: { select: { id: true, name: true, active: true } } } } },
    orderBy: { service: { name: 'asc' } },
  })
  const replacements = await prisma.ownerReplacement.findMany({
    where: { changeId: change.id },
    select: { ownerId: true, replacement: { select: { name: true } } },
  })
  const seats = new Map<string, { ownerId: string; ownerName: string; active: boolean; serviceNames: string[]; replacedBy: string | null }>()
  for (const { service } of services) {
    const seat = seats.get(service.owner.id) ?? {
      ownerId: service.owner.id,
      ownerName: service.owner.name,
      active: service.owner.active,
      serviceNames: [],
      replacedBy: replacements.find((r) => r.ownerId === service.owner.id)?.replacement.name ?? null,
    }
    seat.serviceNames.push(service.name)
    seats.set(service.owner.id, seat)
  }
  const approverIds = new Set(approvers.map((a) => a.id))
  return {
    canAddRemove: change.status === 'SUBMITTED',
    ownerSeats: [...seats.values()],
    replacementCandidates: signers,
    addCandidates: signers.filter((s) => !approverIds.has(s.id)),
    nominated: approvers.filter((a) => a.source === 'NOMINATED').map((a) => ({ id: a.id, name: a.name })),
  }
}

async function serviceNames(ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await prisma.service.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } })
  return new Map(rows.map((r) => [r.id, r.name]))
}
