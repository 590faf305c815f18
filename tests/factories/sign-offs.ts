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
 * IN_PROGRESS without an APPROVED sign-off from every required approver for
 * their CURRENT fingerprint (or with no approvers at all). Must always be empty.
 */
export async function findSignOffInvariantViolations(db: Pick<PrismaClient, '$queryRaw'>): Promise<{ id: string; status: ChangeStatus }[]> {
  return db.$queryRaw<{ id: string; status: ChangeStatus }[]>`
    SELECT c.id, c.status FROM "ChangeRequest" c
     WHERE c.status IN ('APPROVED', 'SCHEDULED', 'IN_PROGRESS')
       AND (c.fingerprint IS NULL
        OR NOT EXISTS (SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = c.id)
        OR EXISTS (
          SELECT 1 FROM "ChangeApprover" a
           WHERE a."changeId" = c.id
             AND NOT EXISTS (
               SELECT 1 FROM "SignOff" s
                WHERE s."changeId" = c.id AND s."approverId" = a."userId"
                  AND s.fingerprint = c.fingerprint AND s.decision = 'APPROVED')))`
}
