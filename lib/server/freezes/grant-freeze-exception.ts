import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '../audit/record-audit'
import { assertCan } from '../assert-can'
import { AppError } from '../errors'
import { lockChange, lockFreezeCalendar, runTransaction } from '../transaction'
import { loadChange, type WritableSubject } from '@/lib/server/lifecycle/change'
import { findFreezeConflictsFor } from '@/lib/server/lifecycle/freezes'
import type { FreezePeriod } from '@/lib/generated/prisma/client'
import type { TGrantFreezeExceptionInput } from './schemas'

// Statuses in which an exception can still matter for scheduling.
const OPEN = new Set(['SUBMITTED', 'APPROVED', 'SCHEDULED'])

/**
 * Grants one change permission to run inside one freeze, tied to the change's
 * CURRENT revision and fingerprint, which must be the ones the granter read
 * (a material edit voids it, like a sign-off), and to the freeze's current
 * severity and revision (editing the freeze voids it too).
 * SOFT: change manager or admin. HARD: admin, and only for EMERGENCY changes.
 * Audited on the change.
 */
export async function grantFreezeException(actor: Actor, input: TGrantFreezeExceptionInput): Promise<{ id: string }> {
  return recordFreezeException(actor, input, {
    action: 'freeze-exception.granted',
    check: (change, freeze) => {
      // With the change: nobody excuses a change they raised from a freeze.
      assertCan(actor, freeze.severity === 'HARD' ? 'freeze-exception:grant-hard' : 'freeze-exception:grant-soft', change)
      if (freeze.severity === 'HARD' && change.type !== 'EMERGENCY') {
        throw new AppError('REFUSED', `"${freeze.name}" is a HARD freeze: only an emergency change can be given an exception.`)
      }
      if (!OPEN.has(change.status) || !change.fingerprint) {
        throw new AppError('REFUSED', 'Exceptions can only be granted for submitted, approved or scheduled changes.')
      }
      if (change.revision !== input.revision || change.fingerprint !== input.fingerprint) {
        throw new AppError('CONFLICT', `This change was edited since you opened it (now revision ${change.revision}). Read the current revision, then grant the exception again.`)
      }
    },
  })
}

export type ExceptionMode = {
  /** The audit event: an exception someone granted, or an emergency's own written justification. */
  action: 'freeze-exception.granted' | 'freeze-exception.justified'
  /** Who may, and whether this change and freeze allow it; throws an AppError when not. */
  check: (change: WritableSubject, freeze: FreezePeriod) => void
}

/**
 * The one writer of FreezeException rows, under the freeze calendar lock and
 * the change's row lock so that neither can change between the check and the
 * write: the caller's check, then the freeze must really overlap the window,
 * then one exception per change revision and freeze revision, audited.
 */
export async function recordFreezeException(actor: Actor, input: TGrantFreezeExceptionInput, mode: ExceptionMode): Promise<{ id: string }> {
  return runTransaction(async (tx) => {
    // Serialised with freeze edits and scheduling: the freeze cannot change
    // between the check below and the grant.
    await lockFreezeCalendar(tx)
    if (!(await lockChange(tx, input.changeId))) throw new AppError('NOT_FOUND', 'This change does not exist.')
    const change = await loadChange(tx, input.changeId)
    const freeze = await tx.freezePeriod.findUnique({ where: { id: input.freezeId } })
    if (!freeze || freeze.archivedAt) throw new AppError('NOT_FOUND', 'This freeze does not exist or is archived.')
    mode.check(change, freeze)
    const fingerprint = change.fingerprint
    if (!fingerprint) throw new AppError('REFUSED', 'This change has not been submitted.')
    if (!change.windowStart || !change.windowEnd) throw new AppError('REFUSED', 'This change has no window.')
    const conflicts = await findFreezeConflictsFor(tx, {
      windowStart: change.windowStart,
      windowEnd: change.windowEnd,
      serviceIds: change.serviceIds,
    })
    const conflict = conflicts.find((c) => c.freezeId === freeze.id)
    if (!conflict) throw new AppError('REFUSED', `"${freeze.name}" does not overlap this change's window, so no exception is needed.`)
    const existing = await tx.freezeException.findFirst({
      where: { changeId: change.id, freezeId: freeze.id, fingerprint, freezeRevision: freeze.revision },
    })
    if (existing) throw new AppError('CONFLICT', 'An exception for this freeze already covers the current revision.')
    const exception = await tx.freezeException.create({
      data: {
        changeId: change.id,
        freezeId: freeze.id,
        revisionNumber: change.revision,
        fingerprint,
        grantedSeverity: freeze.severity,
        freezeRevision: freeze.revision,
        justification: input.justification,
        grantedById: actor.id,
      },
      select: { id: true },
    })
    await recordAudit(tx, [
      {
        action: mode.action,
        actorId: actor.id,
        changeId: change.id,
        entityType: 'change',
        entityId: change.id,
        details: {
          exceptionId: exception.id,
          freezeId: freeze.id,
          freezeName: freeze.name,
          severity: freeze.severity,
          freezeRevision: freeze.revision,
          revision: change.revision,
          fingerprint,
          justification: input.justification,
        },
      },
    ])
    return exception
  })
}
