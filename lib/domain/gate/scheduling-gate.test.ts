import { describe, expect, it } from 'vitest'
import { evaluateFreezeConflicts } from '../freeze/check'
import { summarizeSignOffs } from '../sign-off/summarize'
import { GATE_CHECK_IDS, evaluateSchedulingGate, gateReasons, type SchedulingGateInput } from './scheduling-gate'

const d = (s: string) => new Date(s)
const NOW = d('2026-06-01T00:00:00Z')
const ann = { id: 'ann', name: 'Ann Lee' }
const bob = { id: 'bob', name: 'Bob Stone' }
const so = (approverId: string, fingerprint: string, decision: 'APPROVED' | 'REJECTED' = 'APPROVED') => ({
  approverId,
  decision,
  fingerprint,
  revisionNumber: 1,
  signedAt: NOW,
})
const overlap = { start: d('2026-06-10T23:00:00Z'), end: d('2026-06-11T00:00:00Z') }

const input = (o: Partial<SchedulingGateInput> = {}): SchedulingGateInput => ({
  change: { status: 'APPROVED', type: 'NORMAL', windowStart: d('2026-06-10T22:00:00Z'), windowEnd: d('2026-06-11T00:00:00Z'), fingerprint: 'fp' },
  signOffs: summarizeSignOffs([ann, bob], [so('ann', 'fp'), so('bob', 'fp')], 'fp'),
  freeze: { blocking: [], permitted: [] },
  changeConflicts: [],
  now: NOW,
  ...o,
})
const failing = (r: ReturnType<typeof evaluateSchedulingGate>) => r.checks.filter((c) => !c.passed).map((c) => c.id)
const codes = (r: ReturnType<typeof evaluateSchedulingGate>) => gateReasons(r).map((x) => x.code)

describe('evaluateSchedulingGate', () => {
  it('passes a clean change, returning every check in a fixed order', () => {
    const r = evaluateSchedulingGate(input())
    expect(r.ok).toBe(true)
    expect(r.checks.map((c) => c.id)).toEqual([...GATE_CHECK_IDS])
    expect(r.checks.every((c) => c.passed && c.reasons.length === 0 && c.remedy === undefined)).toBe(true)
  })

  it('requires APPROVED status', () => {
    const r = evaluateSchedulingGate(input({ change: { ...input().change, status: 'SUBMITTED' } }))
    expect(failing(r)).toEqual(['status'])
    expect(gateReasons(r)[0]?.message).toMatch(/awaiting sign-off/)
  })

  it('names missing, stale and rejecting approvers', () => {
    const signOffs = summarizeSignOffs([ann, bob, { id: 'cy', name: 'Cy Young' }], [so('ann', 'old'), so('cy', 'fp', 'REJECTED')], 'fp')
    const r = evaluateSchedulingGate(input({ signOffs }))
    expect(failing(r)).toEqual(['sign-offs'])
    const messages = gateReasons(r).map((x) => x.message)
    expect(messages).toEqual(['Rejected by Cy Young.', 'Sign-off by Ann Lee was given for an earlier revision and must be given again.', 'Awaiting sign-off from Bob Stone.'])
    expect(r.checks[1]?.remedy).toBeDefined()
  })

  it('fails with no approvers and with no fingerprint', () => {
    expect(codes(evaluateSchedulingGate(input({ signOffs: summarizeSignOffs([], [], 'fp') })))).toEqual(['no-approvers'])
    const r = evaluateSchedulingGate(input({ change: { ...input().change, fingerprint: null }, signOffs: summarizeSignOffs([ann], [so('ann', 'fp')], null) }))
    expect(codes(r)).toEqual(['not-submitted', 'sign-off-stale'])
  })

  it('checks the window is complete, ordered and in the future', () => {
    const c = input().change
    expect(codes(evaluateSchedulingGate(input({ change: { ...c, windowEnd: null } })))).toEqual(['window-missing'])
    expect(codes(evaluateSchedulingGate(input({ change: { ...c, windowEnd: c.windowStart } })))).toEqual(['window-order'])
    expect(codes(evaluateSchedulingGate(input({ now: d('2026-06-10T22:00:00Z') })))).toEqual(['window-past'])
    expect(codes(evaluateSchedulingGate(input({ change: { ...c, windowStart: d('2026-05-01T00:00:00Z'), windowEnd: d('2026-04-01T00:00:00Z') } })))).toEqual([
      'window-order',
      'window-past',
    ])
  })

  it('blocks on freeze conflicts with their reasons', () => {
    const freeze = evaluateFreezeConflicts([{ freezeId: 'f', name: 'Black Friday', severity: 'HARD', overlap }], [], { type: 'NORMAL', fingerprint: 'fp' })
    const r = evaluateSchedulingGate(input({ freeze }))
    expect(failing(r)).toEqual(['freeze'])
    expect(gateReasons(r)[0]?.message).toContain('Black Friday')
  })

  it('conflicts and crowding pass only when acknowledged, each conflicting change on its own', () => {
    const conflicts = [{ id: 'c42', number: 'CHG-000042', overlap }]
    const crowding = { count: 7, exceeded: true, threshold: 5 }
    const r = evaluateSchedulingGate(input({ changeConflicts: conflicts, crowding }))
    expect(codes(r)).toEqual(['change-conflict', 'crowded-window'])
    expect(gateReasons(r)[0]?.message).toContain('CHG-000042')
    expect(evaluateSchedulingGate(input({ changeConflicts: conflicts, crowding, acknowledged: { conflictIds: ['c42'], crowding: true } })).ok).toBe(true)
    expect(codes(evaluateSchedulingGate(input({ changeConflicts: conflicts, crowding, acknowledged: { conflictIds: ['c42'] } })))).toEqual(['crowded-window'])
    const two = [...conflicts, { id: 'c43', number: 'CHG-000043', overlap }]
    const partly = evaluateSchedulingGate(input({ changeConflicts: two, acknowledged: { conflictIds: ['c42'], crowding: true } }))
    expect(gateReasons(partly).map((r) => r.message)).toEqual([expect.stringContaining('CHG-000043')])
    expect(evaluateSchedulingGate(input({ crowding: { ...crowding, exceeded: false } })).ok).toBe(true)
  })

  it('returns every failing reason at once', () => {
    const r = evaluateSchedulingGate(
      input({
        change: { status: 'SUBMITTED', type: 'NORMAL', windowStart: null, windowEnd: null, fingerprint: 'fp' },
        signOffs: summarizeSignOffs([ann], [], 'fp'),
        freeze: evaluateFreezeConflicts([{ freezeId: 'f', name: 'Q', severity: 'SOFT', overlap }], [], { type: 'NORMAL', fingerprint: 'fp' }),
        changeConflicts: [{ id: 'c1', number: 'CHG-1', overlap }],
      }),
    )
    expect(r.ok).toBe(false)
    expect(failing(r)).toEqual([...GATE_CHECK_IDS])
  })
})
