import type { ChangeStatus, PrismaClient, SignOffDecision } from '../../lib/generated/prisma/client'
import { createChange, type ChangeFactoryDb, type CreateChangeInput, type FactoryChange } from './change-requests'

/** A submitted (or later) change always has a fingerprint; the type says so. */
export type SignedChange = FactoryChange & { fingerprint: string }

function submitted(change: FactoryChange): SignedChange {
  const { fingerprint } = change
  if (fingerprint === null) throw new Error('A submitted change must have a fingerprint')
  return { ...change, fingerprint }
}

/** A SUBMITTED change (revision 1, snapshot, required approvers = owners + nominated, never the requester), nobody has signed yet. */
export async function createSubmittedChange(db: ChangeFactoryDb, input: Omit<CreateChangeInput, 'status'>): Promise<SignedChange> {
  return submitted(await createChange(db, { ...input, status: 'SUBMITTED' }))
}

/** An APPROVED change with an approval from every required approver for its current fingerprint. */
export async function createApprovedChange(
  db: ChangeFactoryDb,
  input: Omit<CreateChangeInput, 'status' | 'signOffs'>,
): Promise<SignedChange> {
  return submitted(await createChange(db, { ...input, status: 'APPROVED', signOffs: true }))
}

export type SignOffInput = {
  changeId: string
  approverId: string
  decision?: SignOffDecision
  revisionNumber: number
  fingerprint: string
  statement?: string
  signature?: string
}

/** One stored decision, as the sign-off use case writes it (without the status change or audit). */
export async function signOff(db: Pick<PrismaClient, 'signOff' | 'user'>, input: SignOffInput) {
  const approver = await db.user.findUniqueOrThrow({ where: { id: input.approverId }, select: { name: true } })
  return db.signOff.create({
    data: {
      changeId: input.changeId,
      approverId: input.approverId,
      decision: input.decision ?? 'APPROVED',
      statement: input.statement ?? 'I reviewed the plans, the window and the rollback and I agree.',
      signature: input.signature ?? approver.name,
      revisionNumber: input.revisionNumber,
      fingerprint: input.fingerprint,
    },
  })
}

/**
 * The invariant, straight in SQL: changes that are APPROVED, SCHEDULED or
 * IN_PROGRESS whose approval policy snapshot does not hold for their CURRENT
 * fingerprint (no rules, a rule with fewer eligible approvals than required,
 * or an eligible approver's rejection), counted as the backstop counts. Must
 * always be empty.
 */
export async function findSignOffInvariantViolations(db: Pick<PrismaClient, '$queryRaw'>): Promise<{ id: string; status: ChangeStatus }[]> {
  return db.$queryRaw<{ id: string; status: ChangeStatus }[]>`
    SELECT c.id, c.status FROM "ChangeRequest" c
     WHERE c.status IN ('APPROVED', 'SCHEDULED', 'IN_PROGRESS')
       AND (c.fingerprint IS NULL
        OR NOT EXISTS (SELECT 1 FROM "ChangeApprovalRule" r WHERE r."changeId" = c.id)
        OR EXISTS (
          SELECT 1 FROM "ChangeApprovalRule" r
           WHERE r."changeId" = c.id
             AND (SELECT count(DISTINCT e) FROM unnest(r."eligibleIds") AS e
                   WHERE changeboard_seat_decision(c.id, e, c.fingerprint, c."requesterId") = 'APPROVED') < r.required)
        OR EXISTS (
          SELECT 1 FROM "ChangeApprovalRule" r CROSS JOIN LATERAL unnest(r."eligibleIds") AS e
           WHERE r."changeId" = c.id AND changeboard_seat_decision(c.id, e, c.fingerprint, c."requesterId") = 'REJECTED'))`
}
