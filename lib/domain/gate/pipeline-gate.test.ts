import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { overlaps } from '../freeze/overlap'
import { occurrencesBetween, type FreezeDefinition } from '../freeze/recurrence'
import type { ChangeStatus } from '../shared/types'
import { NO_SIGN_OFFS, summarizeSignOffs } from '../sign-off/summarize'
import { evaluatePipelineGate, PENDING_RETRY_SECONDS, type PipelineCandidate, type PipelineGateInput } from './pipeline-gate'

const d = (s: string) => new Date(s)
const MIN = 60_000
const HOUR = 60 * MIN
const at = (base: Date, ms: number) => new Date(base.getTime() + ms)

const NOW = d('2026-06-10T09:00:00Z')
const W = { start: d('2026-06-10T10:00:00Z'), end: d('2026-06-10T12:00:00Z') }
const pay = { id: 'svc-pay', name: 'Payments API' }
const dwh = { id: 'svc-dwh', name: 'Data Warehouse' }
const ann = { id: 'ann', name: 'Ann Lee' }
const signed = summarizeSignOffs([ann], [{ approverId: 'ann', decision: 'APPROVED', fingerprint: 'fp', revisionNumber: 1, signedAt: NOW }], 'fp')
const unsigned = summarizeSignOffs([ann], [], 'fp')

const change = (o: Partial<PipelineCandidate> = {}): PipelineCandidate => ({
  id: 'c1',
  number: 123,
  status: 'SCHEDULED',
  type: 'NORMAL',
  revision: 1,
  fingerprint: 'fp',
  window: W,
  serviceIds: [pay.id],
  signOffs: signed,
  ...o,
})

const freeze = (o: Partial<FreezeDefinition> = {}): FreezeDefinition => ({
  id: 'f1',
  name: 'Quarter close',
  severity: 'HARD',
  startsAt: d('2026-06-10T11:00:00Z'),
  endsAt: d('2026-06-10T11:30:00Z'),
  timeZone: 'UTC',
  rrule: null,
  allServices: false,
  serviceIds: [pay.id],
  ...o,
})

const gate = (o: Partial<PipelineGateInput> & { interval?: { start: Date; end: Date } } = {}) => {
  const interval = o.interval ?? { start: at(W.start, 15 * MIN), end: at(W.start, 45 * MIN) }
  return evaluatePipelineGate({
    interval,
    now: NOW,
    services: [pay],
    candidates: [change()],
    freezes: [],
    horizon: { start: interval.start, end: at(interval.end, 30 * 24 * HOUR) },
    exceptions: [],
    ...o,
  })
}
const codes = (r: ReturnType<typeof evaluatePipelineGate>) => r.reasons.map((x) => x.code)
type CaseOf<A> = A extends fc.Arbitrary<infer T> ? T : never

describe('evaluatePipelineGate', () => {
  it('allows an interval inside the window of a scheduled change covering the service', () => {
    const r = gate()
    expect(r).toMatchObject({ decision: 'ALLOW', state: 'OPEN', reasons: [], retryAfterSeconds: null })
    expect(r.change).toEqual({ number: 'CHG-000123', status: 'SCHEDULED', revision: 1, fingerprint: 'fp', window: W })
    expect(r.validUntil).toEqual(W.end)
    expect(r.nextTransitionAt).toEqual(W.end)
    expect(r.atTime).toEqual(at(W.start, 15 * MIN))
  })

  it('allows an in-progress change and the interval exactly equal to the window (half-open)', () => {
    expect(gate({ candidates: [change({ status: 'IN_PROGRESS' })], interval: W }).decision).toBe('ALLOW')
  })

  it('denies an interval starting inside the window and ending past it (OUTSIDE_WINDOW)', () => {
    const r = gate({ interval: { start: at(W.end, -10 * MIN), end: at(W.end, 20 * MIN) } })
    expect(r.decision).toBe('DENY')
    expect(r.state).toBe('CLOSED')
    expect(codes(r)).toEqual(['OUTSIDE_WINDOW'])
    expect(r.reasons[0]?.window).toEqual(W)
    expect(r.reasons[0]?.message).toContain('runs past the end')
  })

  it('denies after the window has ended', () => {
    const r = gate({ interval: { start: W.end, end: at(W.end, 30 * MIN) } })
    expect(r.decision).toBe('DENY')
    expect(r.reasons[0]?.message).toContain('has ended')
  })

  it('is PENDING before the window opens, retrying when it opens', () => {
    const r = gate({ interval: { start: NOW, end: at(NOW, 30 * MIN) } })
    expect(r.decision).toBe('PENDING')
    expect(codes(r)).toEqual(['OUTSIDE_WINDOW'])
    expect(r.retryAfterSeconds).toBe(3600)
    expect(r.nextTransitionAt).toEqual(W.start)
    expect(r.validUntil).toBeNull()
  })

  it('denies (not PENDING) an interval longer than the window even before it opens', () => {
    const r = gate({ interval: { start: at(W.start, -10 * MIN), end: at(W.end, 1) } })
    expect(r.decision).toBe('DENY')
  })

  it('is PENDING for a change that is not scheduled yet, naming the missing sign-offs', () => {
    const r = gate({ candidates: [change({ status: 'SUBMITTED', signOffs: unsigned })] })
    expect(r.decision).toBe('PENDING')
    expect(codes(r)).toEqual(['NOT_SCHEDULED', 'SIGN_OFFS_MISSING'])
    expect(r.reasons[1]?.signOffs).toEqual([{ approver: 'Ann Lee', status: 'PENDING', stale: false }])
    expect(r.reasons[1]?.message).toContain('Ann Lee')
    const approved = gate({ candidates: [change({ status: 'APPROVED' })], interval: { start: NOW, end: at(NOW, MIN) } })
    expect(approved.decision).toBe('PENDING')
    expect(codes(approved)).toEqual(['NOT_SCHEDULED'])
    expect(approved.retryAfterSeconds).toBe(3600)
    const inWindow = gate({ candidates: [change({ status: 'APPROVED' })], now: at(W.start, 5 * MIN) })
    expect(inWindow.retryAfterSeconds).toBe(PENDING_RETRY_SECONDS)
  })

  it('marks stale and rejected sign-offs', () => {
    const stale = summarizeSignOffs([ann], [{ approverId: 'ann', decision: 'APPROVED', fingerprint: 'old', revisionNumber: 1, signedAt: NOW }], 'fp')
    expect(gate({ candidates: [change({ status: 'SUBMITTED', signOffs: stale })] }).reasons[1]?.signOffs).toEqual([
      { approver: 'Ann Lee', status: 'PENDING', stale: true },
    ])
    const rejected = summarizeSignOffs([ann], [{ approverId: 'ann', decision: 'REJECTED', fingerprint: 'fp', revisionNumber: 1, signedAt: NOW }], 'fp')
    expect(codes(gate({ candidates: [change({ status: 'SUBMITTED', signOffs: rejected })] }))).toContain('SIGN_OFF_REJECTED')
    expect(codes(gate({ candidates: [change({ status: 'DRAFT', signOffs: NO_SIGN_OFFS, fingerprint: null })] }))).toContain('SIGN_OFFS_MISSING')
  })

  it('fails closed on a scheduled change lacking approvals (the database forbids it, the gate does not rely on that)', () => {
    const r = gate({ candidates: [change({ signOffs: unsigned })] })
    expect(r.decision).toBe('DENY')
    expect(codes(r)).toEqual(['SIGN_OFFS_MISSING'])
  })

  it.each<ChangeStatus>(['COMPLETED', 'FAILED', 'ROLLED_BACK', 'CLOSED', 'CANCELLED', 'REJECTED'])('denies a %s change (CHANGE_NOT_ACTIVE)', (status) => {
    const r = gate({ candidates: [change({ status })] })
    expect(r.decision).toBe('DENY')
    expect(codes(r)).toEqual(['CHANGE_NOT_ACTIVE'])
  })

  it('denies when no change exists, naming the services', () => {
    const r = gate({ candidates: [] })
    expect(r.decision).toBe('DENY')
    expect(codes(r)).toEqual(['NO_AUTHORISING_CHANGE'])
    expect(r.reasons[0]?.message).toContain('Payments API')
    expect(r.change).toBeNull()
  })

  it('denies several services where only one is covered, naming the uncovered one', () => {
    const r = gate({ services: [pay, dwh] })
    expect(r.decision).toBe('DENY')
    expect(codes(r)).toEqual(['NO_AUTHORISING_CHANGE', 'SERVICE_NOT_COVERED'])
    expect(r.reasons[1]?.services).toEqual(['Data Warehouse'])
    // Two changes, one per service: neither covers both.
    const split = gate({ services: [pay, dwh], candidates: [change(), change({ id: 'c2', number: 124, serviceIds: [dwh.id] })] })
    expect(split.decision).toBe('DENY')
    // One change covering both allows.
    expect(gate({ services: [pay, dwh], candidates: [change({ serviceIds: [pay.id, dwh.id] })] }).decision).toBe('ALLOW')
  })

  it('denies inside a HARD freeze, naming the freeze and the exact overlap', () => {
    const r = gate({ freezes: [freeze()], interval: { start: at(W.start, 50 * MIN), end: at(W.start, 70 * MIN) } })
    expect(r.decision).toBe('DENY')
    expect(codes(r)).toEqual(['HARD_FREEZE'])
    expect(r.reasons[0]?.freeze).toEqual({
      id: 'f1',
      name: 'Quarter close',
      severity: 'HARD',
      overlap: { start: d('2026-06-10T11:00:00Z'), end: d('2026-06-10T11:10:00Z') },
    })
    expect(r.reasons[0]?.message).toContain('"Quarter close"')
    expect(r.nextTransitionAt).toBeNull()
  })

  it('denies a freeze that starts during the duration', () => {
    const r = gate({ freezes: [freeze()], interval: { start: at(W.start, 30 * MIN), end: at(W.start, 61 * MIN) } })
    expect(r.decision).toBe('DENY')
    expect(r.reasons[0]?.freeze?.overlap).toEqual({ start: d('2026-06-10T11:00:00Z'), end: d('2026-06-10T11:01:00Z') })
    // Ending exactly when the freeze starts does not overlap (half-open).
    expect(gate({ freezes: [freeze()], interval: { start: at(W.start, 30 * MIN), end: at(W.start, 60 * MIN) } }).decision).toBe('ALLOW')
  })

  it('ignores freezes on other services, and names a HARD freeze even when no change exists', () => {
    expect(gate({ freezes: [freeze({ serviceIds: [dwh.id] })], interval: { start: at(W.start, 50 * MIN), end: at(W.start, 70 * MIN) } }).decision).toBe('ALLOW')
    const r = gate({ candidates: [], freezes: [freeze()], interval: { start: at(W.start, 50 * MIN), end: at(W.start, 70 * MIN) } })
    expect(codes(r)).toEqual(['NO_AUTHORISING_CHANGE', 'HARD_FREEZE'])
  })

  it('a SOFT freeze: DENY without an exception, ALLOW with one that holds', () => {
    const soft = freeze({ severity: 'SOFT' })
    const interval = { start: at(W.start, 50 * MIN), end: at(W.start, 70 * MIN) }
    const denied = gate({ freezes: [soft], interval })
    expect(denied.decision).toBe('DENY')
    expect(codes(denied)).toEqual(['SOFT_FREEZE'])
    expect(gate({ freezes: [soft], interval, exceptions: [{ changeId: 'c1', freezeId: 'f1', fingerprint: 'fp' }] }).decision).toBe('ALLOW')
    // An exception of another change, or for another fingerprint, does not count.
    expect(gate({ freezes: [soft], interval, exceptions: [{ changeId: 'c2', freezeId: 'f1', fingerprint: 'fp' }] }).decision).toBe('DENY')
    expect(gate({ freezes: [soft], interval, exceptions: [{ changeId: 'c1', freezeId: 'f1', fingerprint: 'old' }] }).decision).toBe('DENY')
  })

  it('a HARD freeze with an exception: only an emergency change passes', () => {
    const interval = { start: at(W.start, 50 * MIN), end: at(W.start, 70 * MIN) }
    const exceptions = [{ changeId: 'c1', freezeId: 'f1', fingerprint: 'fp' }]
    expect(gate({ freezes: [freeze()], interval, exceptions }).decision).toBe('DENY')
    expect(gate({ freezes: [freeze()], interval, exceptions, candidates: [change({ type: 'EMERGENCY' })] }).decision).toBe('ALLOW')
  })

  it('validUntil is the earlier of the window end and the next blocking freeze start', () => {
    const r = gate({ freezes: [freeze()], interval: { start: at(W.start, 0), end: at(W.start, 30 * MIN) } })
    expect(r.decision).toBe('ALLOW')
    expect(r.validUntil).toEqual(d('2026-06-10T11:00:00Z'))
    // An excused SOFT freeze does not end the answer.
    const soft = gate({
      freezes: [freeze({ severity: 'SOFT' })],
      exceptions: [{ changeId: 'c1', freezeId: 'f1', fingerprint: 'fp' }],
      interval: { start: W.start, end: at(W.start, 30 * MIN) },
    })
    expect(soft.validUntil).toEqual(W.end)
    // Never beyond what was looked at.
    const short = gate({ horizon: { start: W.start, end: at(W.start, 40 * MIN) }, interval: { start: W.start, end: at(W.start, 30 * MIN) } })
    expect(short.validUntil).toEqual(at(W.start, 40 * MIN))
  })

  it('a freeze whose rule cannot be evaluated blocks the whole interval', () => {
    const r = gate({ freezes: [freeze({ rrule: 'FREQ=SECONDLY', startsAt: d('2026-01-01T00:00:00Z'), endsAt: d('2026-01-01T00:00:01Z') })] })
    expect(r.decision).toBe('DENY')
    expect(r.reasons[0]?.freeze?.unevaluated).toBeTruthy()
  })

  it('a named change: only it may authorise', () => {
    const other = change({ id: 'c2', number: 124 })
    const r = gate({ candidates: [change({ status: 'COMPLETED' }), other], requestedChangeId: 'c1' })
    expect(r.decision).toBe('DENY')
    expect(r.change?.number).toBe('CHG-000123')
    expect(gate({ candidates: [other], requestedChangeId: 'c1' }).decision).toBe('DENY')
    expect(gate({ candidates: [change({ serviceIds: [dwh.id] })], requestedChangeId: 'c1' }).reasons.map((x) => x.code)).toEqual([
      'NO_AUTHORISING_CHANGE',
      'SERVICE_NOT_COVERED',
    ])
  })

  it('prefers an allowing change over a pending or denying one', () => {
    const r = gate({ candidates: [change({ id: 'c0', number: 100, status: 'COMPLETED' }), change({ id: 'c2', number: 124, status: 'APPROVED' }), change()] })
    expect(r.decision).toBe('ALLOW')
    expect(r.change?.number).toBe('CHG-000123')
  })

  it('fails closed on loader problems, an empty or reversed interval, no services, or a short horizon', () => {
    expect(gate({ problems: [{ code: 'GATE_ERROR', message: 'database unavailable' }] }).decision).toBe('DENY')
    expect(gate({ interval: { start: W.start, end: W.start } }).decision).toBe('DENY')
    expect(gate({ services: [] }).decision).toBe('DENY')
    const r = gate({ horizon: { start: at(W.start, 20 * MIN), end: W.end } })
    expect(r.decision).toBe('DENY')
    expect(codes(r)).toEqual(['GATE_ERROR'])
  })

  it('handles an interval across the Europe/London DST change (2026-03-29) in UTC instants', () => {
    // 00:30–03:30 local on 29 March 2026 is 00:30Z–02:30Z: two real hours, not three.
    const window = { start: d('2026-03-29T00:30:00Z'), end: d('2026-03-29T02:30:00Z') }
    const now = d('2026-03-28T12:00:00Z')
    const londonNightly = freeze({
      severity: 'HARD',
      timeZone: 'Europe/London',
      startsAt: d('2026-03-27T02:45:00Z'), // 02:45–03:15 GMT on 27 March, then daily in local time
      endsAt: d('2026-03-27T03:15:00Z'),
      rrule: 'FREQ=DAILY',
    })
    const candidates = [change({ window })]
    // 01:00Z–02:00Z (02:00–03:00 BST): inside the window; the nightly freeze is at 02:45–03:15 BST = 01:45Z–02:15Z on the 29th.
    const r = gate({ now, candidates, freezes: [londonNightly], interval: { start: d('2026-03-29T01:00:00Z'), end: d('2026-03-29T02:00:00Z') } })
    expect(r.decision).toBe('DENY')
    expect(r.reasons[0]?.freeze?.overlap).toEqual({ start: d('2026-03-29T01:45:00Z'), end: d('2026-03-29T02:00:00Z') })
    // Before the freeze (00:30Z–01:45Z) it is allowed, valid until the freeze starts.
    const ok = gate({ now, candidates, freezes: [londonNightly], interval: { start: d('2026-03-29T00:30:00Z'), end: d('2026-03-29T01:45:00Z') } })
    expect(ok.decision).toBe('ALLOW')
    expect(ok.validUntil).toEqual(d('2026-03-29T01:45:00Z'))
    // Three wall-clock hours from 00:30 local would be 03:30 local, but 3 real hours run past the window.
    expect(gate({ now, candidates, interval: { start: window.start, end: at(window.start, 3 * HOUR) } }).decision).toBe('DENY')
  })
})

describe('evaluatePipelineGate properties', () => {
  const T0 = d('2026-03-28T00:00:00Z').getTime()
  const instant = fc.integer({ min: 0, max: 4 * 24 * 60 }).map((m) => new Date(T0 + m * MIN))
  const span = fc.integer({ min: 1, max: 12 * 60 }).map((m) => m * MIN)
  const statusArb = fc.constantFrom<ChangeStatus>('DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED')
  const candidateArb = fc.record({
    id: fc.constantFrom('c1', 'c2', 'c3'),
    status: statusArb,
    type: fc.constantFrom('NORMAL' as const, 'EMERGENCY' as const, 'STANDARD' as const),
    start: instant,
    length: span,
    services: fc.subarray([pay.id, dwh.id], { minLength: 1 }),
    signed: fc.boolean(),
  })
  const freezeArb = fc.record({
    id: fc.constantFrom('f1', 'f2'),
    severity: fc.constantFrom('HARD' as const, 'SOFT' as const),
    start: instant,
    length: span,
    allServices: fc.boolean(),
    services: fc.subarray([pay.id, dwh.id]),
    rrule: fc.constantFrom(null, 'FREQ=DAILY', 'FREQ=WEEKLY;BYDAY=SA,SU'),
    timeZone: fc.constantFrom('UTC', 'Europe/London'),
  })
  const caseArb = fc.record({
    candidates: fc.array(candidateArb, { maxLength: 3 }),
    freezes: fc.array(freezeArb, { maxLength: 3 }),
    exceptions: fc.array(fc.record({ changeId: fc.constantFrom('c1', 'c2', 'c3'), freezeId: fc.constantFrom('f1', 'f2') }), { maxLength: 3 }),
    services: fc.subarray([pay, dwh], { minLength: 1 }),
    start: instant,
    length: span,
    now: instant,
  })

  const build = (c: CaseOf<typeof caseArb>) => {
    const candidates = c.candidates.map((x, i) =>
      change({
        id: x.id,
        number: i + 1,
        status: x.status,
        type: x.type,
        window: { start: x.start, end: at(x.start, x.length) },
        serviceIds: x.services,
        signOffs: x.signed ? signed : unsigned,
      }),
    )
    const freezes = c.freezes.map((f) =>
      freeze({ id: f.id, severity: f.severity, startsAt: f.start, endsAt: at(f.start, f.length), allServices: f.allServices, serviceIds: f.services, rrule: f.rrule, timeZone: f.timeZone }),
    )
    const interval = { start: c.start, end: at(c.start, c.length) }
    const exceptions = c.exceptions.map((e) => ({ ...e, fingerprint: 'fp' }))
    const input: PipelineGateInput = {
      interval,
      now: c.now,
      services: c.services,
      candidates,
      freezes,
      exceptions,
      horizon: { start: interval.start, end: at(interval.end, 7 * 24 * HOUR) },
    }
    return { input, result: evaluatePipelineGate(input) }
  }

  it('never ALLOWs unless one scheduled or in-progress change covering every service has a window containing the whole interval', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { input, result } = build(c)
        if (result.decision !== 'ALLOW') return
        const { start, end } = input.interval
        const authorising = input.candidates.filter(
          (x) =>
            (x.status === 'SCHEDULED' || x.status === 'IN_PROGRESS') &&
            input.services.every((s) => x.serviceIds.includes(s.id)) &&
            x.window !== null &&
            x.window.start <= start &&
            end <= x.window.end,
        )
        expect(authorising.length).toBeGreaterThan(0)
        expect(result.state).toBe('OPEN')
        expect(result.validUntil && result.validUntil.getTime() >= end.getTime()).toBe(true)
      }),
      { numRuns: 400 },
    )
  })

  it('never ALLOWs while a HARD freeze in scope overlaps the interval without an emergency exception', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { input, result } = build(c)
        if (result.decision !== 'ALLOW') return
        const chosen = input.candidates.find((x) => result.change?.number === `CHG-${String(x.number).padStart(6, '0')}`)
        expect(chosen).toBeDefined()
        for (const f of input.freezes) {
          if (f.severity !== 'HARD') continue
          if (!f.allServices && !f.serviceIds.some((id) => input.services.some((s) => s.id === id))) continue
          const excused = chosen?.type === 'EMERGENCY' && input.exceptions.some((e) => e.changeId === chosen.id && e.freezeId === f.id)
          if (excused) continue
          // Checked against the freeze's own expansion, not through the gate's freeze check.
          const occurrences = occurrencesBetween(f, input.interval)
          expect(occurrences.complete).toBe(true)
          expect(occurrences.intervals.filter((o) => overlaps(o, input.interval))).toEqual([])
        }
      }),
      { numRuns: 400 },
    )
  })

  it('PENDING always carries a positive retry, ALLOW and DENY none; state follows the decision', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { result } = build(c)
        expect(result.state).toBe(result.decision === 'ALLOW' ? 'OPEN' : 'CLOSED')
        if (result.decision === 'PENDING') expect(result.retryAfterSeconds).toBeGreaterThan(0)
        else expect(result.retryAfterSeconds).toBeNull()
        if (result.decision !== 'ALLOW') {
          expect(result.reasons.length).toBeGreaterThan(0)
          expect(result.validUntil).toBeNull()
        }
      }),
      { numRuns: 400 },
    )
  })
})
