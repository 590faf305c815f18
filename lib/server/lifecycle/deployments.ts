import 'server-only'
import { formatChangeNumber } from '@/lib/domain/change-request/number'
import { LIMITS } from '@/lib/domain/shared/limits'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { recordChangeAudit } from '@/lib/server/audit/record-audit'
import { prisma } from '@/lib/server/db'
import { AppError, isAppError } from '@/lib/server/errors'
import { log } from '@/lib/server/log'
import { loadChange, type WritableSubject } from './change'
import { decidePipelineGate } from './pipeline-gate'
import type { TDeploymentReportInput } from './schemas'
import { recordOutcome, startChange, type TransitionOutcome } from './transition'

const MINUTE = 60_000
const OUTCOME_OF = { succeeded: 'complete', failed: 'fail', rolled_back: 'rollBack' } as const
const SAID = { succeeded: 'succeeded', failed: 'failed', rolled_back: 'was rolled back' } as const

/**
 * The outcome notes recordOutcome requires, from what the pipeline sent: its
 * notes (or a sentence saying what it reported), then the ref and the run's URL,
 * within the notes limit.
 */
export function deploymentNotes(input: Pick<TDeploymentReportInput, 'status' | 'notes' | 'ref' | 'url'>): string {
  const status = input.status === 'started' ? 'started' : SAID[input.status]
  const tail = [input.ref ? `Ref: ${input.ref}` : null, input.url ? `Run: ${input.url}` : null].filter((l): l is string => l !== null).join('\n')
  const head = input.notes?.trim() || `Deployment ${status} (reported by a pipeline).`
  const room = LIMITS.note - (tail ? tail.length + 1 : 0)
  return [head.slice(0, room), tail].filter((p) => p !== '').join('\n')
}

/**
 * A pipeline reports a deployment of a change (POST /api/v1/changes/:id/deployments).
 * `started` moves SCHEDULED → IN_PROGRESS through startChange, and only when
 * the pipeline gate for the change's services ALLOWs now (else CONFLICT with
 * the gate's reasons); the others record the outcome through recordOutcome,
 * exactly as the buttons do (same policy, notices and audit, with the ref and
 * URL in the audit details). A move the change's status does not permit is a
 * CONFLICT too: the report disagrees with where the change stands. Every such
 * CONFLICT is kept on the change as `deployment.refused` (recordRefusedReport);
 * a FORBIDDEN or NOT_FOUND is not: the caller had no business with the change.
 */
export async function reportDeployment(actor: Actor, input: TDeploymentReportInput, now: Date = new Date()): Promise<TransitionOutcome> {
  const change = await loadChange(prisma, input.changeId)
  assertCan(actor, input.status === 'started' ? 'change:start' : 'change:record-outcome', change)
  const deployment = { ref: input.ref, url: input.url }
  try {
    if (input.status === 'started') {
      const gate = await decidePipelineGate(
        prisma,
        actor,
        { services: change.serviceIds, interval: { start: now, end: new Date(now.getTime() + MINUTE) }, change: change.id },
        now,
      )
      if (gate.decision !== 'ALLOW') {
        throw new AppError('CONFLICT', `${formatChangeNumber(change.number)} does not authorise a deployment now (${gate.decision}).`, {
          reasons: gate.reasons,
        })
      }
      return await startChange(actor, { changeId: change.id }, { deployment })
    }
    return await recordOutcome(actor, { changeId: change.id, outcome: OUTCOME_OF[input.status], notes: deploymentNotes(input) }, { deployment })
  } catch (error) {
    const failure = isAppError(error) && error.code === 'REFUSED' ? new AppError('CONFLICT', error.message, error.details) : error
    if (isAppError(failure) && failure.code === 'CONFLICT') await recordRefusedReport(actor, change, input, failure)
    throw failure
  }
}

/**
 * Keeps a refused report in the change's audit trail, where /metrics counts
 * "deployments reported without an authorising change". Its own short write:
 * the refused move wrote nothing to join. The pipeline must still get its 409,
 * so a failure to record is logged, never thrown in the refusal's place.
 */
async function recordRefusedReport(actor: Actor, change: Pick<WritableSubject, 'id' | 'status'>, input: TDeploymentReportInput, refusal: AppError): Promise<void> {
  try {
    await recordChangeAudit(prisma, change.id, actor.id, [
      {
        action: 'deployment.refused',
        details: {
          status: input.status,
          ref: input.ref,
          url: input.url,
          reason: refusal.message,
          reasons: refusal.details.reasons?.map((reason) => reason.code),
          changeStatus: change.status,
        },
      },
    ])
  } catch (error) {
    log().error({ err: error, changeId: change.id }, 'deployment report: the refusal could not be recorded in the audit trail')
  }
}
