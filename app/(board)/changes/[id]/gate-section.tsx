import { GateChecklist } from '@/components/gate/gate-checklist'
import { ScheduleForm } from '@/components/gate/schedule-form'
import { UnscheduleForm } from '@/components/gate/unschedule-form'
import { formatInZone } from '@/lib/domain/time/zoned'
import { getActor } from '@/lib/server/authz'
import { getGateForViewer } from '@/lib/server/lifecycle/gate'
import { scheduleChangeAction, unscheduleChangeAction } from './actions'

// Statuses where the gate is the next step (or was just passed).
const GATE_STATUSES = new Set(['SUBMITTED', 'APPROVED', 'SCHEDULED'])

/** The scheduling gate on the change page: what still blocks scheduling, and the Schedule button for those who may press it. */
export default async function GateSection({ changeId }: { changeId: string }) {
  const actor = await getActor()
  if (!actor) return null
  const gate = await getGateForViewer(actor, changeId)
  const status = gate.change.status
  if (!GATE_STATUSES.has(status)) return null
  const zone = gate.viewerTimeZone
  const otherChecksPass = gate.gate.checks.every((c) => c.passed || c.id === 'conflicts')

  return (
    <section aria-labelledby="gate-heading" className="space-y-4">
      <h2 id="gate-heading" className="text-xl font-semibold">
        Scheduling
      </h2>
      {status === 'SCHEDULED' ? (
        <p>
          <span aria-hidden="true">✓ </span>This change is scheduled for revision {gate.change.revision}.
        </p>
      ) : (
        <>
          <p>{gate.gate.ok ? 'Every requirement is met: the change can be scheduled.' : 'The change cannot be scheduled yet:'}</p>
          <GateChecklist checks={gate.gate.checks} />
        </>
      )}
      {status === 'APPROVED' || status === 'SUBMITTED' ? (
        gate.canSchedule ? (
          <ScheduleForm
            action={scheduleChangeAction}
            changeId={gate.change.id}
            revision={gate.change.revision}
            otherChecksPass={otherChecksPass}
            crowding={gate.crowding?.exceeded ? gate.crowding : null}
            conflicts={gate.conflicts.map((c) => ({
              id: c.id,
              number: c.number,
              serviceNames: c.serviceNames,
              overlapText: `${formatInZone(c.overlap.start, zone)} to ${formatInZone(c.overlap.end, zone)}`,
            }))}
          />
        ) : (
          <p className="text-sm text-slate-700">{gate.whyNotScheduler}</p>
        )
      ) : null}
      {status === 'SCHEDULED' && gate.canUnschedule ? <UnscheduleForm action={unscheduleChangeAction} changeId={gate.change.id} /> : null}
    </section>
  )
}
