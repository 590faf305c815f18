// Property: whatever sequence of edits, sign-offs, scheduling attempts and
// freeze declarations happens, a SCHEDULED change always has approvals from
// every required approver for its CURRENT fingerprint and no blocking freeze.
// The model drives only the public domain functions, like the use cases will.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { transition, type ChangeEvent, type TransitionContext, type TransitionSubject } from '../change-request/state-machine'
import { subject } from '@/tests/fixtures/change-request'
import { evaluateFreezeConflicts, findFreezeConflicts, type FreezeExceptionRef } from '../freeze/check'
import { windowOf } from '../freeze/overlap'
import type { FreezeDefinition } from '../freeze/recurrence'
import { summarizeSignOffs, type SignOffRecord } from '../sign-off/summarize'
import type { Actor, ChangeType } from '../shared/types'
import { evaluateSchedulingGate } from './scheduling-gate'

const NOW = new Date('2026-06-01T00:00:00Z')
const HOUR = 3_600_000
const APPROVERS = [
  { id: 'a1', name: 'Ann' },
  { id: 'a2', name: 'Bob' },
  { id: 'a3', name: 'Cy' },
]
const manager: Actor = { id: 'cm', name: 'Cem', roles: ['CHANGE_MANAGER'] }
const requester: Actor = { id: 'u-req', name: 'Rae', roles: ['REQUESTER'] }

type Op =
  | { kind: 'submit' }
  | { kind: 'edit'; variant: number; shiftHours: number }
  | { kind: 'signOff'; approver: number; decision: 'APPROVED' | 'REJECTED'; stale: boolean }
  | { kind: 'schedule'; acknowledge: boolean }
  | { kind: 'freeze'; severity: 'HARD' | 'SOFT'; startHours: number; lengthHours: number; allServices: boolean }
  | { kind: 'exception'; freeze: number }
  | { kind: 'unschedule' }

// Weighted so that runs often reach SCHEDULED and then meet a freeze or an edit.
const arbOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'submit' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('edit' as const), variant: fc.nat(3), shiftHours: fc.integer({ min: -48, max: 48 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('signOff' as const), approver: fc.nat(2), decision: fc.constantFrom('APPROVED' as const, 'REJECTED' as const), stale: fc.boolean() }),
  },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('signOff' as const), approver: fc.nat(2), decision: fc.constant('APPROVED' as const), stale: fc.constant(false) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('schedule' as const), acknowledge: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('freeze' as const),
      severity: fc.constantFrom('HARD' as const, 'SOFT' as const),
      startHours: fc.integer({ min: 150, max: 300 }),
      lengthHours: fc.integer({ min: 1, max: 100 }),
      allServices: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('exception' as const), freeze: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'unschedule' as const }) },
)

class Model {
  change: TransitionSubject
  signOffs: SignOffRecord[] = []
  oldFingerprints: string[] = []
  freezes: FreezeDefinition[] = []
  exceptions: FreezeExceptionRef[] = []
  clock = NOW.getTime()

  constructor(type: ChangeType) {
    this.change = subject({ type, approverIds: APPROVERS.map((a) => a.id), serviceIds: ['svc-a'] })
  }

  private fire(event: ChangeEvent, actor: Actor | 'system', ctx: TransitionContext = {}): boolean {
    const r = transition(this.change, event, actor, new Date(this.clock), ctx)
    if (!r.ok) return false
    if (r.revision) {
      if (this.change.fingerprint) this.oldFingerprints.push(this.change.fingerprint)
      this.change = { ...this.change, revision: r.revision.number, fingerprint: r.revision.fingerprint }
    }
    this.change = { ...this.change, status: r.to }
    return true
  }

  signOffState() {
    return summarizeSignOffs(APPROVERS, this.signOffs, this.change.fingerprint)
  }

  freezeEvaluation() {
    const window = windowOf(this.change)
    const conflicts = window ? findFreezeConflicts({ window, serviceIds: this.change.serviceIds, freezes: this.freezes }) : []
    return evaluateFreezeConflicts(conflicts, this.exceptions, this.change)
  }

  /** What the sign-off use case does after recording a sign-off: let the system approve or reject. */
  private tally() {
    const state = this.signOffState()
    if (state.anyRejected) this.fire('reject', 'system', { signOffState: state })
    else if (state.allApproved) this.fire('approve', 'system', { signOffState: state })
  }

  /** What declaring a freeze does: unschedule every hit SCHEDULED change without an exception. */
  private recheckScheduled() {
    if (this.change.status === 'SCHEDULED' && this.freezeEvaluation().blocking.length > 0) {
      expect(this.fire('unschedule', 'system', { reason: 'A freeze was declared over its window.', freezeId: 'x' })).toBe(true)
    }
  }

  apply(op: Op) {
    this.clock += 60_000 // time moves on; windows stay in the future for the run
    switch (op.kind) {
      case 'submit':
        this.fire('submit', requester)
        return
      case 'edit': {
        if (this.change.status === 'REJECTED') this.fire('revise', requester)
        const start = new Date(Date.parse('2026-06-10T22:00:00Z') + op.shiftHours * HOUR)
        const edited = { ...this.change, purpose: `Purpose variant ${op.variant} with enough words.`, windowStart: start, windowEnd: new Date(start.getTime() + 2 * HOUR) }
        if (['SUBMITTED', 'APPROVED', 'SCHEDULED'].includes(this.change.status)) {
          const before = this.change
          this.change = edited
          // A material edit that the state machine refuses (no change) leaves the change as it was.
          if (!this.fire('revise', requester)) this.change = before
        } else if (this.change.status === 'DRAFT') this.change = edited
        return
      }
      case 'signOff': {
        // The sign-off use case only accepts sign-offs while SUBMITTED.
        if (this.change.status !== 'SUBMITTED' || !this.change.fingerprint) return
        const approver = APPROVERS[op.approver]
        const fingerprint = op.stale ? this.oldFingerprints.at(-1) : this.change.fingerprint
        if (!approver || !fingerprint) return
        this.signOffs.push({ approverId: approver.id, decision: op.decision, fingerprint, revisionNumber: this.change.revision, signedAt: new Date(this.clock) })
        this.tally()
        return
      }
      case 'schedule': {
        const gate = evaluateSchedulingGate({
          change: this.change,
          signOffs: this.signOffState(),
          freeze: this.freezeEvaluation(),
          changeConflicts: [],
          acknowledged: op.acknowledge ? { conflictIds: [], crowding: true } : {},
          now: new Date(this.clock),
        })
        this.fire('schedule', manager, { gate })
        return
      }
      case 'freeze':
        this.freezes.push({
          id: `f${this.freezes.length}`,
          name: `Freeze ${this.freezes.length}`,
          severity: op.severity,
          startsAt: new Date(NOW.getTime() + op.startHours * HOUR),
          endsAt: new Date(NOW.getTime() + (op.startHours + op.lengthHours) * HOUR),
          timeZone: 'UTC',
          rrule: null,
          allServices: op.allServices,
          serviceIds: op.allServices ? [] : ['svc-a'],
        })
        this.recheckScheduled()
        return
      case 'exception': {
        const freeze = this.freezes[op.freeze]
        if (freeze && this.change.fingerprint) this.exceptions.push({ freezeId: freeze.id, fingerprint: this.change.fingerprint })
        return
      }
      case 'unschedule':
        this.fire('unschedule', manager, { reason: 'Moving to next week.' })
        return
    }
  }

  assertInvariant() {
    if (this.change.status !== 'SCHEDULED') return
    const state = this.signOffState()
    expect(state.allApproved).toBe(true)
    for (const approver of state.perApprover) expect(approver.current?.fingerprint).toBe(this.change.fingerprint)
    expect(this.freezeEvaluation().blocking).toEqual([])
    // Independent oracle (plain arithmetic, one-off freezes only), so a bug in the freeze module cannot hide itself.
    const start = this.change.windowStart?.getTime() ?? NaN
    const end = this.change.windowEnd?.getTime() ?? NaN
    for (const f of this.freezes) {
      const inScope = f.allServices || f.serviceIds.some((id) => this.change.serviceIds.includes(id))
      if (!inScope || !(start < f.endsAt.getTime() && f.startsAt.getTime() < end)) continue
      const excepted = this.exceptions.some((e) => e.freezeId === f.id && e.fingerprint === this.change.fingerprint)
      expect(excepted && (f.severity === 'SOFT' || this.change.type === 'EMERGENCY'), `freeze ${f.id} ${f.severity}`).toBe(true)
    }
  }
}

describe('invariant: a SCHEDULED change is fully approved for its current fingerprint and not blocked by a freeze', () => {
  it('holds after every step of random operation sequences', () => {
    let scheduledSeen = 0
    fc.assert(
      fc.property(fc.constantFrom<ChangeType>('NORMAL', 'EMERGENCY', 'STANDARD'), fc.array(arbOp, { minLength: 20, maxLength: 60 }), (type, ops) => {
        const model = new Model(type)
        for (const op of ops) {
          model.apply(op)
          model.assertInvariant()
          if (model.change.status === 'SCHEDULED') scheduledSeen++
        }
      }),
      { numRuns: 400 },
    )
    // Guard against a vacuous pass: the generator must actually reach SCHEDULED.
    expect(scheduledSeen).toBeGreaterThan(100)
  })

  it('reaches SCHEDULED along the happy path', () => {
    const model = new Model('NORMAL')
    const ops: Op[] = [
      { kind: 'submit' },
      ...APPROVERS.map((_, i): Op => ({ kind: 'signOff', approver: i, decision: 'APPROVED', stale: false })),
      { kind: 'schedule', acknowledge: false },
    ]
    for (const op of ops) model.apply(op)
    expect(model.change.status).toBe('SCHEDULED')
    model.apply({ kind: 'edit', variant: 1, shiftHours: 0 })
    expect(model.change.status).toBe('SUBMITTED')
    expect(model.signOffState().pending).toHaveLength(3)
  })
})
