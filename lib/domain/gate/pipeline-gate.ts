// The pipeline gate: "may I deploy these services during [at, at + duration)?"
// Pure: the server loads the candidate changes (those on the named services
// whose window is near the interval, plus a change named by the caller), their
// sign-off state, the freezes around the interval and the exceptions that
// still hold; this function makes the decision.
//
// ALLOW only when ONE scheduled or in-progress change covers EVERY named
// service, its window contains the WHOLE interval, every required approver
// approved its current revision, and no freeze without a holding exception
// (HARD: an emergency change's exception; SOFT: an exception of its own, as in the
// scheduling gate) overlaps the interval. PENDING when waiting can help: a
// change exists but is not scheduled yet, or its window has not opened.
// DENY otherwise. Anything missing or inconsistent is a DENY (fail closed).
import { formatChangeNumber } from '../change-request/number'
import { evaluateFreezeConflicts, findFreezeConflicts, type FreezeConflict } from '../freeze/check'
import { isWellFormed, type Interval } from '../freeze/overlap'
import type { FreezeDefinition } from '../freeze/recurrence'
import { STATUS_LABELS, type ChangeStatus, type ChangeType, type FreezeSeverity } from '../shared/types'
import type { SignOffState } from '../sign-off/summarize'
import { formatInterval } from '../time/format-interval'

export const PIPELINE_DECISIONS = ['ALLOW', 'DENY', 'PENDING'] as const
export type PipelineDecision = (typeof PIPELINE_DECISIONS)[number]

export const PIPELINE_REASON_CODES = [
  'NO_AUTHORISING_CHANGE',
  'SERVICE_NOT_COVERED',
  'UNKNOWN_SERVICE',
  'NOT_SCHEDULED',
  'SIGN_OFFS_MISSING',
  'SIGN_OFF_REJECTED',
  'OUTSIDE_WINDOW',
  'HARD_FREEZE',
  'SOFT_FREEZE',
  'CHANGE_NOT_ACTIVE',
  'INVALID_INTERVAL',
  'GATE_ERROR',
] as const
export type PipelineReasonCode = (typeof PIPELINE_REASON_CODES)[number]

export type PipelineReason = {
  code: PipelineReasonCode
  message: string
  /** The change the reason is about (CHG-000123). */
  change?: string
  freeze?: { id: string; name: string; severity: FreezeSeverity; overlap: Interval; unevaluated?: string }
  window?: Interval | null
  signOffs?: { approver: string; status: 'APPROVED' | 'REJECTED' | 'PENDING'; stale: boolean }[]
  /** Names of the services the reason is about (those a change does not cover). */
  services?: string[]
}

export type PipelineService = { id: string; name: string }

export type PipelineCandidate = {
  id: string
  number: number
  status: ChangeStatus
  type: ChangeType
  revision: number
  fingerprint: string | null
  window: Interval | null
  serviceIds: readonly string[]
  signOffs: SignOffState
}

export type PipelineGateInput = {
  /** [at, at + duration), half-open. */
  interval: Interval
  now: Date
  /** The named services, resolved; at least one. */
  services: readonly PipelineService[]
  candidates: readonly PipelineCandidate[]
  /** When the caller named a change, only it may authorise (it must then be among the candidates). */
  requestedChangeId?: string | null
  /** Freezes loaded for `horizon` (which must contain the interval) on the named services. */
  freezes: readonly FreezeDefinition[]
  horizon: Interval
  /** Exceptions that still hold (current fingerprint, current freeze severity and revision). */
  exceptions: readonly { changeId: string; freezeId: string; fingerprint: string }[]
  /** Whatever the loader could not establish; any problem makes the answer DENY. */
  problems?: readonly PipelineReason[]
}

export type PipelineChangeRef = { number: string; status: ChangeStatus; revision: number; fingerprint: string | null; window: Interval | null }

export type PipelineGateResult = {
  decision: PipelineDecision
  state: 'OPEN' | 'CLOSED'
  atTime: Date
  /** When the answer may change next, when known. */
  nextTransitionAt: Date | null
  /** ALLOW only: the earlier of the window's end and the next blocking freeze's start (within the horizon looked at). */
  validUntil: Date | null
  /** PENDING only: how long to wait before asking again. */
  retryAfterSeconds: number | null
  change: PipelineChangeRef | null
  reasons: PipelineReason[]
}

/** How long to wait before asking again about a change that is not scheduled yet. */
export const PENDING_RETRY_SECONDS = 60

const ACTIVE: readonly ChangeStatus[] = ['SCHEDULED', 'IN_PROGRESS']
const NOT_YET: readonly ChangeStatus[] = ['DRAFT', 'SUBMITTED', 'APPROVED']

type Verdict = {
  candidate: PipelineCandidate
  decision: PipelineDecision
  reasons: PipelineReason[]
  validUntil: Date | null
  nextTransitionAt: Date | null
  retryAfterSeconds: number | null
}

const when = (interval: Interval) => formatInterval(interval)
const secondsUntil = (from: Date, to: Date) => Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 1000))
const minDate = (...dates: (Date | null)[]) =>
  dates.reduce<Date | null>((best, d) => (d !== null && (best === null || d.getTime() < best.getTime()) ? d : best), null)

function refOf(c: PipelineCandidate): PipelineChangeRef {
  return { number: formatChangeNumber(c.number), status: c.status, revision: c.revision, fingerprint: c.fingerprint, window: c.window }
}

function covers(c: PipelineCandidate, services: readonly PipelineService[]): boolean {
  return services.every((s) => c.serviceIds.includes(s.id))
}

/** The freeze reasons for blocking conflicts, each naming the freeze and the exact overlap. */
function freezeReasons(
  conflicts: readonly FreezeConflict[],
  exceptions: PipelineGateInput['exceptions'],
  change: { id: string; type: ChangeType; fingerprint: string | null } | null,
): { reasons: PipelineReason[]; blocking: FreezeConflict[] } {
  const own = change ? exceptions.filter((e) => e.changeId === change.id) : []
  const evaluation = evaluateFreezeConflicts(conflicts, own, change ?? { type: 'NORMAL', fingerprint: null })
  const reasons = evaluation.blocking.map(
    (b): PipelineReason => ({
      code: b.severity === 'HARD' ? 'HARD_FREEZE' : 'SOFT_FREEZE',
      message: b.unevaluated
        ? `The ${b.severity.toLowerCase()} freeze "${b.name}" could not be fully evaluated (${b.unevaluated}), so it is treated as covering the whole interval (${when(b.overlap)}).`
        : `The ${b.severity.toLowerCase()} freeze "${b.name}" overlaps the interval during ${when(b.overlap)}${
            b.severity === 'SOFT' ? ' and the change has no exception for it' : ''
          }.`,
      freeze: { id: b.freezeId, name: b.name, severity: b.severity, overlap: b.overlap, ...(b.unevaluated ? { unevaluated: b.unevaluated } : {}) },
    }),
  )
  return { reasons, blocking: evaluation.blocking }
}

function signOffReasons(c: PipelineCandidate): PipelineReason[] {
  const number = formatChangeNumber(c.number)
  const signOffs = c.signOffs.perApprover.map((p) => ({ approver: p.name, status: p.status, stale: p.status === 'PENDING' && p.stale.length > 0 }))
  const reasons: PipelineReason[] = []
  const rejected = c.signOffs.perApprover.filter((p) => p.status === 'REJECTED')
  if (rejected.length > 0) {
    reasons.push({ code: 'SIGN_OFF_REJECTED', message: `${number} was rejected by ${rejected.map((p) => p.name).join(', ')}.`, change: number, signOffs })
  }
  if (!c.signOffs.allApproved) {
    const pending = c.signOffs.pending.map((p) => p.name)
    reasons.push({
      code: 'SIGN_OFFS_MISSING',
      message:
        c.signOffs.perApprover.length === 0
          ? `${number} has no required approvers yet.`
          : pending.length > 0
            ? `${number} is awaiting written sign-off on revision ${c.revision} from ${pending.join(', ')}.`
            : `${number} does not have every required approval on revision ${c.revision}.`,
      change: number,
      signOffs,
    })
  }
  return reasons
}

function verdictFor(input: PipelineGateInput, c: PipelineCandidate, conflicts: readonly FreezeConflict[]): Verdict {
  const { interval, now } = input
  const number = formatChangeNumber(c.number)
  const base = { candidate: c, validUntil: null, nextTransitionAt: null, retryAfterSeconds: null }
  const deny = (reasons: PipelineReason[]): Verdict => ({ ...base, decision: 'DENY', reasons })
  const freezes = freezeReasons(conflicts, input.exceptions, c)
  const w = c.window && isWellFormed(c.window) ? c.window : null

  if (!ACTIVE.includes(c.status) && !NOT_YET.includes(c.status)) {
    return deny([
      {
        code: 'CHANGE_NOT_ACTIVE',
        message: `${number} is ${STATUS_LABELS[c.status].toLowerCase()}; it no longer authorises any work.`,
        change: number,
        window: c.window,
      },
      ...freezes.reasons,
    ])
  }
  if (!w) {
    return deny([{ code: 'OUTSIDE_WINDOW', message: `${number} has no well-formed window.`, change: number, window: c.window }, ...freezes.reasons])
  }
  const windowReason = (message: string): PipelineReason => ({ code: 'OUTSIDE_WINDOW', message, change: number, window: w })
  // Waiting cannot help an interval that ends after the window does.
  if (interval.end.getTime() > w.end.getTime()) {
    const message =
      interval.start.getTime() >= w.end.getTime()
        ? `${number}'s window (${when(w)}) has ended.`
        : `The interval ${when(interval)} runs past the end of ${number}'s window (${when(w)}).`
    return deny([windowReason(message), ...(NOT_YET.includes(c.status) ? notScheduled(c) : []), ...freezes.reasons])
  }
  if (NOT_YET.includes(c.status)) {
    const retryAt = new Date(Math.max(now.getTime() + PENDING_RETRY_SECONDS * 1000, w.start.getTime()))
    return {
      ...base,
      decision: 'PENDING',
      reasons: [...notScheduled(c), ...signOffReasons(c), ...freezes.reasons],
      retryAfterSeconds: secondsUntil(now, retryAt),
    }
  }
  if (interval.start.getTime() < w.start.getTime()) {
    return {
      ...base,
      decision: 'PENDING',
      reasons: [windowReason(`${number}'s window opens at ${w.start.toISOString()}, after the interval starts (${interval.start.toISOString()}).`), ...freezes.reasons],
      nextTransitionAt: w.start,
      retryAfterSeconds: secondsUntil(now, w.start),
    }
  }
  // The interval lies inside the window of a scheduled or in-progress change.
  const unsigned = signOffReasons(c)
  if (unsigned.length > 0 || freezes.reasons.length > 0) {
    return deny([...unsigned, ...freezes.reasons])
  }
  const validUntil = minDate(w.end, nextBlockingFreezeStart(input, c, { start: interval.end, end: minDate(w.end, input.horizon.end) ?? w.end }), input.horizon.end)
  return { ...base, decision: 'ALLOW', reasons: [], validUntil, nextTransitionAt: validUntil }
}

function notScheduled(c: PipelineCandidate): PipelineReason[] {
  const number = formatChangeNumber(c.number)
  return [{ code: 'NOT_SCHEDULED', message: `${number} is ${STATUS_LABELS[c.status].toLowerCase()}, not scheduled.`, change: number, window: c.window }]
}

/** The start of the first freeze occurrence after the interval that would block this change (null when none in range). */
function nextBlockingFreezeStart(input: PipelineGateInput, c: PipelineCandidate, range: Interval): Date | null {
  if (!isWellFormed(range)) return null
  const later = findFreezeConflicts({ window: range, serviceIds: input.services.map((s) => s.id), freezes: input.freezes })
  const { blocking } = freezeReasons(later, input.exceptions, c)
  return minDate(...blocking.map((b) => b.overlap.start))
}

const RANK: Record<PipelineDecision, number> = { ALLOW: 0, PENDING: 1, DENY: 2 }

function dedupe(reasons: readonly PipelineReason[]): PipelineReason[] {
  const seen = new Set<string>()
  return reasons.filter((r) => {
    const key = `${r.code}\u0000${r.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function answer(
  input: PipelineGateInput,
  decision: PipelineDecision,
  fields: Partial<Pick<PipelineGateResult, 'nextTransitionAt' | 'validUntil' | 'retryAfterSeconds' | 'change'>> & { reasons: PipelineReason[] },
): PipelineGateResult {
  return {
    decision,
    state: decision === 'ALLOW' ? 'OPEN' : 'CLOSED',
    atTime: input.interval.start,
    nextTransitionAt: fields.nextTransitionAt ?? null,
    validUntil: decision === 'ALLOW' ? (fields.validUntil ?? null) : null,
    retryAfterSeconds: decision === 'PENDING' ? (fields.retryAfterSeconds ?? PENDING_RETRY_SECONDS) : null,
    change: fields.change ?? null,
    reasons: dedupe(fields.reasons),
  }
}

export function evaluatePipelineGate(input: PipelineGateInput): PipelineGateResult {
  const { interval, services } = input
  if (!isWellFormed(interval)) {
    return answer(input, 'DENY', { reasons: [{ code: 'INVALID_INTERVAL', message: 'The interval must end after it starts.' }] })
  }
  if (services.length === 0) {
    const named: PipelineReason[] = input.problems?.length ? [...input.problems] : [{ code: 'NO_AUTHORISING_CHANGE', message: 'Name at least one service.' }]
    return answer(input, 'DENY', { reasons: named })
  }
  const horizonOk = input.horizon.start.getTime() <= interval.start.getTime() && input.horizon.end.getTime() >= interval.end.getTime()
  const problems: PipelineReason[] = [...(input.problems ?? [])]
  if (!horizonOk) problems.push({ code: 'GATE_ERROR', message: 'The freezes were not loaded for the whole interval.' })

  const conflicts = findFreezeConflicts({ window: interval, serviceIds: services.map((s) => s.id), freezes: input.freezes })
  const requested = input.requestedChangeId ? input.candidates.find((c) => c.id === input.requestedChangeId) : undefined
  if (input.requestedChangeId && !requested) {
    problems.push({ code: 'NO_AUTHORISING_CHANGE', message: 'The named change does not exist.' })
  }
  if (problems.length > 0) {
    return answer(input, 'DENY', { reasons: [...problems, ...freezeReasons(conflicts, input.exceptions, null).reasons] })
  }

  const pool = requested ? [requested] : input.candidates
  const covering = pool.filter((c) => covers(c, services))
  const partial = pool.filter((c) => !covers(c, services))
  const uncovered = (c: PipelineCandidate): PipelineReason => {
    const number = formatChangeNumber(c.number)
    const missing = services.filter((s) => !c.serviceIds.includes(s.id)).map((s) => s.name)
    return { code: 'SERVICE_NOT_COVERED', message: `${number} does not cover ${missing.join(', ')}.`, change: number, services: missing }
  }

  const verdicts = covering
    .map((c) => verdictFor(input, c, conflicts))
    .sort(
      (a, b) =>
        RANK[a.decision] - RANK[b.decision] ||
        (b.validUntil?.getTime() ?? 0) - (a.validUntil?.getTime() ?? 0) ||
        (a.retryAfterSeconds ?? 0) - (b.retryAfterSeconds ?? 0) ||
        a.candidate.number - b.candidate.number,
    )
  const best = verdicts[0]
  if (!best) {
    const reasons: PipelineReason[] = [
      {
        code: 'NO_AUTHORISING_CHANGE',
        message: requested
          ? `${formatChangeNumber(requested.number)} does not cover every named service.`
          : `No change covering ${services.map((s) => s.name).join(', ')} is scheduled for ${when(interval)}.`,
      },
      ...partial.map(uncovered),
      ...freezeReasons(conflicts, input.exceptions, null).reasons,
    ]
    return answer(input, 'DENY', { reasons, change: requested ? refOf(requested) : null })
  }
  if (best.decision !== 'DENY') {
    return answer(input, best.decision, { ...best, change: refOf(best.candidate) })
  }
  return answer(input, 'DENY', {
    reasons: verdicts.flatMap((v) => v.reasons),
    change: refOf(best.candidate),
  })
}
