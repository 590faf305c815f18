import 'server-only'
import { delegationProblems, delegationState, type DelegationProblem, type DelegationState } from '@/lib/domain/approval-policy/delegation-rules'
import { can } from '@/lib/domain/authz/policy'
import type { Actor, Person } from '@/lib/domain/shared/types'
import type { Prisma } from '@/lib/generated/prisma/client'
import { assertCan } from '@/lib/server/assert-can'
import { recordAudit, type AuditRecord } from '@/lib/server/audit/record-audit'
import { prisma } from '@/lib/server/db'
import { formatInterval } from '@/lib/domain/time/format-interval'
import { AppError } from '@/lib/server/errors'
import { notify } from '@/lib/server/notifications/notify'
import { runTransaction } from '@/lib/server/transaction'
import { listSigners, lockApprovalPolicies } from '@/lib/server/approval-policies/shared'
import type { TCreateDelegationInput, TDelegationIdInput } from './schemas'

export type DelegationItem = {
  id: string
  delegator: Person
  delegate: Person
  startsAt: Date
  endsAt: Date
  note: string
  revokedAt: Date | null
  state: DelegationState
}

/** Past delegations shown on /profile besides the current and upcoming ones. */
const RECENT_PAST = 5

const ITEM_SELECT = {
  id: true,
  startsAt: true,
  endsAt: true,
  note: true,
  revokedAt: true,
  delegator: { select: { id: true, name: true } },
  delegate: { select: { id: true, name: true } },
} as const

type Row = Prisma.DelegationGetPayload<{ select: typeof ITEM_SELECT }>

const toItem = (row: Row, now: Date): DelegationItem => ({ ...row, state: delegationState(row, now) })

const FIELD_OF: Readonly<Record<DelegationProblem['field'], string>> = { delegateId: 'delegateId', startsAt: 'startsAtLocal', endsAt: 'endsAtLocal' }

function auditRecord(action: 'delegation.created' | 'delegation.revoked', actor: Actor, row: Row): AuditRecord {
  return {
    action,
    actorId: actor.id,
    entityType: 'delegation',
    entityId: row.id,
    details: {
      delegationId: row.id,
      delegatorId: row.delegator.id,
      delegatorName: row.delegator.name,
      delegateId: row.delegate.id,
      delegateName: row.delegate.name,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
    },
  }
}

/** Who the actor may name: people who can sign, apart from themselves. */
export async function listDelegateCandidates(actor: Actor): Promise<Person[]> {
  assertCan(actor, 'delegation:manage-own')
  return (await listSigners(prisma)).filter((p) => p.id !== actor.id)
}

/**
 * The actor names a delegate for their seat over a range. Checked under the
 * approval-policy lock, since the overlap and chain rules read both people's
 * other delegations, which a concurrent request could be writing.
 */
export async function createDelegation(actor: Actor, input: TCreateDelegationInput, now = new Date()): Promise<{ id: string; delegateName: string }> {
  assertCan(actor, 'delegation:manage-own')
  return runTransaction(async (tx) => {
    await lockApprovalPolicies(tx)
    const delegate = await tx.user.findUnique({ where: { id: input.delegateId }, select: { id: true, name: true, active: true, kind: true, roles: true } })
    const existing = await tx.delegation.findMany({
      where: {
        revokedAt: null,
        startsAt: { lt: input.endsAt },
        endsAt: { gt: input.startsAt },
        OR: [{ delegatorId: actor.id }, { delegatorId: input.delegateId }, { delegateId: actor.id }],
      },
      select: ITEM_SELECT,
    })
    const spans = existing.map((d) => ({ ...d, delegatorId: d.delegator.id, delegatorName: d.delegator.name, delegateId: d.delegate.id, delegateName: d.delegate.name }))
    const problems = delegationProblems({ delegatorId: actor.id, delegate, startsAt: input.startsAt, endsAt: input.endsAt, timeZone: input.timeZone }, spans, now)
    if (problems.length > 0) {
      const fieldErrors: Partial<Record<string, string[]>> = {}
      for (const p of problems) (fieldErrors[FIELD_OF[p.field]] ??= []).push(p.message)
      throw new AppError('INVALID_INPUT', 'Some fields need attention.', { fieldErrors })
    }
    const row = await tx.delegation.create({
      data: { delegatorId: actor.id, delegateId: input.delegateId, startsAt: input.startsAt, endsAt: input.endsAt, note: input.note },
      select: ITEM_SELECT,
    })
    await recordAudit(tx, [auditRecord('delegation.created', actor, row)])
    // Written in the delegation's own zone, which the delegator chose and the message names.
    const period = formatInterval({ start: row.startsAt, end: row.endsAt }, input.timeZone)
    await notify(
      { kind: 'delegation', userIds: [row.delegate.id], changeId: null, message: `${row.delegator.name} named you to sign in their place, ${period}.` },
      { tx, except: actor.id },
    )
    return { id: row.id, delegateName: row.delegate.name }
  })
}

/**
 * Ends a delegation now (or cancels an upcoming one); sign-offs already given
 * by the delegate stay. The delegator revokes their own; administrators, who
 * manage who approves (policy:manage), may revoke any (someone who left, say).
 */
export async function revokeDelegation(actor: Actor, input: TDelegationIdInput, now = new Date()): Promise<{ delegateName: string }> {
  const asAdmin = can(actor, 'policy:manage')
  if (!asAdmin) assertCan(actor, 'delegation:manage-own')
  return runTransaction(async (tx) => {
    await lockApprovalPolicies(tx)
    const row = await tx.delegation.findUnique({ where: { id: input.delegationId }, select: ITEM_SELECT })
    // Someone else's delegation is not found, not forbidden: its existence is not the actor's business.
    if (!row || (row.delegator.id !== actor.id && !asAdmin)) throw new AppError('NOT_FOUND', 'This delegation does not exist.')
    const state = delegationState(row, now)
    if (state === 'REVOKED' || state === 'ENDED') throw new AppError('CONFLICT', `This delegation has already ${state === 'REVOKED' ? 'been revoked' : 'ended'}.`)
    await tx.delegation.update({ where: { id: row.id }, data: { revokedAt: now } })
    await recordAudit(tx, [auditRecord('delegation.revoked', actor, row)])
    await notify(
      {
        kind: 'delegation',
        userIds: [row.delegate.id, row.delegator.id],
        changeId: null,
        message: `${actor.name} revoked the delegation: ${row.delegate.name} no longer signs in ${row.delegator.name}’s place.`,
      },
      { tx, except: actor.id },
    )
    return { delegateName: row.delegate.name }
  })
}

/** The actor's own delegations: current and upcoming ones, then the few most recent past ones. */
export async function listDelegationsGiven(actor: Actor, now = new Date()): Promise<DelegationItem[]> {
  assertCan(actor, 'delegation:manage-own')
  const [live, past] = await Promise.all([
    prisma.delegation.findMany({ where: { delegatorId: actor.id, revokedAt: null, endsAt: { gt: now } }, select: ITEM_SELECT, orderBy: { startsAt: 'asc' } }),
    prisma.delegation.findMany({
      where: { delegatorId: actor.id, OR: [{ revokedAt: { not: null } }, { endsAt: { lte: now } }] },
      select: ITEM_SELECT,
      orderBy: { endsAt: 'desc' },
      take: RECENT_PAST,
    }),
  ])
  return [...live, ...past].map((row) => toItem(row, now))
}

/** Whom the actor stands in for, now or later: anyone signed in may see who relies on them. */
export async function listDelegationsHeld(actor: Actor, now = new Date()): Promise<DelegationItem[]> {
  const rows = await prisma.delegation.findMany({ where: { delegateId: actor.id, revokedAt: null, endsAt: { gt: now } }, select: ITEM_SELECT, orderBy: { startsAt: 'asc' } })
  return rows.map((row) => toItem(row, now))
}

/** Every current and upcoming delegation, for administrators. */
export async function listCurrentDelegations(actor: Actor, now = new Date()): Promise<DelegationItem[]> {
  assertCan(actor, 'policy:manage')
  const rows = await prisma.delegation.findMany({ where: { revokedAt: null, endsAt: { gt: now } }, select: ITEM_SELECT, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] })
  return rows.map((row) => toItem(row, now))
}
