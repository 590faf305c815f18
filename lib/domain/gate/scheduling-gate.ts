// The scheduling gate: everything that must hold before a change is put on
// the calendar. It returns every check with all its failing reasons, so the
// change page can show one checklist of what still blocks scheduling.
import { STATUS_LABELS, type ChangeStatus, type ChangeType, type Reason } from '../shared/types'
import type { SignOffState } from '../sign-off/summarize'
import { progressInWords } from '../approval-policy/evaluate'
import type { FreezeEvaluation } from '../freeze/check'
import type { Interval } from '../freeze/overlap'
import { formatInterval } from '../time/format-interval'
import { basisInWords, basisReasons, type TemplateBasis } from '../template/basis'

export const GATE_CHECK_IDS = ['status', 'sign-offs', 'window', 'freeze', 'conflicts'] as const
export type GateCheckId = (typeof GATE_CHECK_IDS)[number]

export type GateCheck = { id: GateCheckId; passed: boolean; title: string; reasons: Reason[]; remedy?: string }
export type GateResult = { ok: boolean; checks: GateCheck[] }

export type SchedulingGateInput = {
  change: {
    status: ChangeStatus
    type: ChangeType
    windowStart: Date | null
    windowEnd: Date | null
    fingerprint: string | null
  }
  signOffs: SignOffState
  freeze: FreezeEvaluation
  changeConflicts: readonly { id: string; number: string; overlap: Interval }[]
  crowding?: { count: number; exceeded: boolean; threshold: number }
  /**
   * What the scheduler acknowledged, one conflicting change at a time (a
   * checkbox each) and the crowded window as a whole. Only what is NOT
   * acknowledged is listed, so the reasons say exactly what is still open.
   */
  acknowledged?: { conflictIds?: readonly string[]; crowding?: boolean }
  /** Set for a change filed from a standard template: its approval replaces the sign-offs. */
  templateBasis?: TemplateBasis | null
  now: Date
  /** The reader's zone for times in messages; ISO UTC when absent. */
  timeZone?: string
}

const names = (people: readonly { name: string }[]) => people.map((p) => p.name).join(', ')

function check(id: GateCheckId, title: string, reasons: Reason[], remedy: string): GateCheck {
  return reasons.length === 0 ? { id, passed: true, title, reasons } : { id, passed: false, title, reasons, remedy }
}

function statusCheck({ change }: SchedulingGateInput): GateCheck {
  const reasons: Reason[] =
    change.status === 'APPROVED'
      ? []
      : [{ code: 'status', message: `Only an approved change can be scheduled; this one is ${STATUS_LABELS[change.status].toLowerCase()}.` }]
  return check('status', 'Change is approved', reasons, 'Wait until every required approver has signed off.')
}

/** A change from a standard template: approved on the template's basis, with no sign-off wait. */
function templateCheck(basis: TemplateBasis, timeZone: string | undefined): GateCheck {
  return check('sign-offs', basisInWords(basis, timeZone), basisReasons(basis), 'A change manager must review and reactivate the template.')
}

function signOffCheck({ change, signOffs, templateBasis, timeZone }: SchedulingGateInput): GateCheck {
  if (templateBasis) return templateCheck(templateBasis, timeZone)
  const reasons: Reason[] = []
  if (change.fingerprint === null) reasons.push({ code: 'not-submitted', message: 'The change has no submitted revision to approve.' })
  if (signOffs.perApprover.length === 0) {
    reasons.push({ code: 'no-approvers', message: 'The change has no required approvers; a change manager must nominate one.' })
  }
  const rejected = signOffs.perApprover.filter((p) => p.status === 'REJECTED')
  if (rejected.length > 0) {
    reasons.push({ code: 'sign-off-rejected', message: `Rejected by ${names(rejected)}.` })
  }
  // Only the people still asked (every approver before policies; those of an open stage under one).
  const asked = new Set(signOffs.pending.map((p) => p.id))
  const pending = signOffs.perApprover.filter((p) => p.status === 'PENDING' && asked.has(p.approverId))
  const stale = pending.filter((p) => p.stale.length > 0)
  if (stale.length > 0) {
    reasons.push({
      code: 'sign-off-stale',
      message: `Sign-off by ${names(stale)} was given for an earlier revision and must be given again.`,
    })
  }
  // Named people are awaited when each of them is needed: every approver
  // before policies; under a policy, those of an open rule that needs ALL.
  const needsEach = signOffs.policy
    ? new Set(signOffs.policy.rules.filter((r) => r.open && !r.satisfied && r.rule.mode === 'ALL').flatMap((r) => r.rule.eligibleIds))
    : null
  const missing = pending.filter((p) => p.stale.length === 0 && (needsEach === null || needsEach.has(p.approverId)))
  if (missing.length > 0) reasons.push({ code: 'sign-off-missing', message: `Awaiting sign-off from ${names(missing)}.` })
  // Under a policy the checklist also names each rule not yet met, with its
  // progress; a veto settles it, so nothing else is listed as awaited then.
  if (signOffs.policy && rejected.length === 0) {
    for (const progress of signOffs.policy.rules.filter((r) => !r.satisfied)) {
      const waiting = progress.open ? '' : ` Stage ${progress.rule.stage} is asked once the earlier stages hold.`
      reasons.push({ code: 'policy-rule-unmet', message: `${progressInWords(progress)}${waiting}` })
    }
  }
  return check('sign-offs', 'The approval policy holds for this revision', reasons, 'Ask the approvers of the open stage to sign off the current revision.')
}

function windowCheck({ change, now }: SchedulingGateInput): GateCheck {
  const reasons: Reason[] = []
  const { windowStart: start, windowEnd: end } = change
  if (!start || !end) reasons.push({ code: 'window-missing', message: 'The change window needs both a start and an end.' })
  else if (end.getTime() <= start.getTime()) reasons.push({ code: 'window-order', message: 'The window must end after it starts.' })
  if (start && start.getTime() <= now.getTime()) {
    reasons.push({ code: 'window-past', message: `The window starts at ${start.toISOString()}, which is not in the future.` })
  }
  return check('window', 'Window is well-formed and in the future', reasons, 'Edit the change to pick a future window (this creates a new revision).')
}

function freezeCheck({ freeze }: SchedulingGateInput): GateCheck {
  return check(
    'freeze',
    'No freeze blocks the window',
    freeze.blocking.map((b) => b.reason),
    'Move the window outside the freeze, or ask for a freeze exception for this revision.',
  )
}

function conflictsCheck({ changeConflicts, acknowledged, crowding, timeZone }: SchedulingGateInput): GateCheck {
  const reasons: Reason[] = []
  const seen = new Set(acknowledged?.conflictIds ?? [])
  for (const c of changeConflicts.filter((conflict) => !seen.has(conflict.id))) {
    reasons.push({ code: 'change-conflict', message: `${c.number} touches the same services during ${formatInterval(c.overlap, timeZone)}.` })
  }
  if (crowding?.exceeded && acknowledged?.crowding !== true) {
    reasons.push({
      code: 'crowded-window',
      message: `${crowding.count} changes would run in this window across all services, counting this one (more than ${crowding.threshold}).`,
    })
  }
  return check('conflicts', 'Conflicts acknowledged', reasons, 'Review the overlapping changes and acknowledge them to schedule anyway.')
}

export function evaluateSchedulingGate(input: SchedulingGateInput): GateResult {
  const checks = [statusCheck(input), signOffCheck(input), windowCheck(input), freezeCheck(input), conflictsCheck(input)]
  return { ok: checks.every((c) => c.passed), checks }
}

/** Every failing reason of a gate result, flattened (for transition results and logs). */
export function gateReasons(gate: GateResult): Reason[] {
  return gate.checks.flatMap((c) => c.reasons)
}
