import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { changeConflicts, crowdedWindow, evaluateFreezeConflicts, findFreezeConflicts, type FreezeConflict } from './check'
import type { FreezeDefinition } from './recurrence'

const d = (s: string) => new Date(s)
const win = { start: d('2026-06-10T22:00:00Z'), end: d('2026-06-11T02:00:00Z') }
const fz = (o: Partial<FreezeDefinition>): FreezeDefinition => ({
  id: 'f',
  name: 'Freeze',
  severity: 'HARD',
  startsAt: d('2026-06-11T00:00:00Z'),
  endsAt: d('2026-06-12T00:00:00Z'),
  timeZone: 'UTC',
  rrule: null,
  allServices: false,
  serviceIds: [],
  ...o,
})

describe('findFreezeConflicts', () => {
  it('finds in-scope, non-archived freezes with the exact overlap', () => {
    const conflicts = findFreezeConflicts({
      window: win,
      serviceIds: ['a', 'b'],
      freezes: [
        fz({ id: 'all', name: 'All', allServices: true }),
        fz({ id: 'b', name: 'B', serviceIds: ['b', 'z'], severity: 'SOFT' }),
        fz({ id: 'other', serviceIds: ['z'] }),
        fz({ id: 'archived', allServices: true, archived: true }),
        fz({ id: 'later', allServices: true, startsAt: d('2026-06-11T02:00:00Z'), endsAt: d('2026-06-11T03:00:00Z') }),
      ],
    })
    expect(conflicts).toEqual([
      { freezeId: 'all', name: 'All', severity: 'HARD', overlap: { start: d('2026-06-11T00:00:00Z'), end: d('2026-06-11T02:00:00Z') } },
      { freezeId: 'b', name: 'B', severity: 'SOFT', overlap: { start: d('2026-06-11T00:00:00Z'), end: d('2026-06-11T02:00:00Z') } },
    ])
  })
  it('reports each overlapping occurrence of a recurring freeze', () => {
    const daily = fz({ allServices: true, startsAt: d('2026-06-01T23:00:00Z'), endsAt: d('2026-06-01T23:30:00Z'), rrule: 'FREQ=DAILY' })
    const conflicts = findFreezeConflicts({ window: { start: d('2026-06-10T22:00:00Z'), end: d('2026-06-12T00:00:00Z') }, serviceIds: ['a'], freezes: [daily] })
    expect(conflicts.map((c) => c.overlap.start.toISOString())).toEqual(['2026-06-10T23:00:00.000Z', '2026-06-11T23:00:00.000Z'])
  })
})

describe('evaluateFreezeConflicts', () => {
  const overlap = { start: d('2026-06-11T00:00:00Z'), end: d('2026-06-11T02:00:00Z') }
  const hard: FreezeConflict = { freezeId: 'h', name: 'Black Friday', severity: 'HARD', overlap }
  const soft: FreezeConflict = { freezeId: 's', name: 'Quarter end', severity: 'SOFT', overlap }
  // Expected outcome for every (severity, type, exception) combination.
  const cases = [
    ['HARD', 'NORMAL', 'none', 'blocked'],
    ['HARD', 'NORMAL', 'current', 'blocked'],
    ['HARD', 'STANDARD', 'current', 'blocked'],
    ['HARD', 'EMERGENCY', 'none', 'blocked'],
    ['HARD', 'EMERGENCY', 'stale', 'blocked'],
    ['HARD', 'EMERGENCY', 'other-freeze', 'blocked'],
    ['HARD', 'EMERGENCY', 'current', 'permitted'],
    ['SOFT', 'NORMAL', 'none', 'blocked'],
    ['SOFT', 'NORMAL', 'stale', 'blocked'],
    ['SOFT', 'NORMAL', 'other-freeze', 'blocked'],
    ['SOFT', 'NORMAL', 'current', 'permitted'],
    ['SOFT', 'STANDARD', 'current', 'permitted'],
    ['SOFT', 'EMERGENCY', 'current', 'permitted'],
    ['SOFT', 'EMERGENCY', 'none', 'blocked'],
  ] as const
  it.each(cases)('%s freeze, %s change, exception %s → %s', (severity, type, exception, outcome) => {
    const conflict = severity === 'HARD' ? hard : soft
    const exceptions =
      exception === 'none' ? [] : [{ freezeId: exception === 'other-freeze' ? 'x' : conflict.freezeId, fingerprint: exception === 'stale' ? 'fp-old' : 'fp' }]
    const r = evaluateFreezeConflicts([conflict], exceptions, { type, fingerprint: 'fp' })
    expect(r.blocking.length).toBe(outcome === 'blocked' ? 1 : 0)
    expect(r.permitted.length).toBe(outcome === 'permitted' ? 1 : 0)
    if (outcome === 'blocked') {
      expect(r.blocking[0]?.reason.message).toContain(conflict.name)
      expect(r.blocking[0]?.reason.message).toContain('2026-06-11T00:00:00.000Z – 2026-06-11T02:00:00.000Z')
    }
  })
  it('an unsubmitted change (no fingerprint) never has an exception', () => {
    expect(evaluateFreezeConflicts([soft], [{ freezeId: 's', fingerprint: '' }], { type: 'NORMAL', fingerprint: null }).blocking).toHaveLength(1)
  })
})

describe('changeConflicts and crowdedWindow', () => {
  const others = [
    { id: '1', number: 'CHG-000001', serviceIds: ['a'], window: { start: d('2026-06-11T01:00:00Z'), end: d('2026-06-11T03:00:00Z') } },
    { id: '2', number: 'CHG-000002', serviceIds: ['z'], window: win },
    { id: '3', number: 'CHG-000003', serviceIds: ['a'], window: { start: d('2026-06-11T02:00:00Z'), end: d('2026-06-11T03:00:00Z') } },
    { id: 'self', number: 'CHG-000009', serviceIds: ['a'], window: win },
  ]
  it('reports overlapping changes sharing a service, skipping itself', () => {
    expect(changeConflicts(win, ['a'], others, 'self')).toEqual([
      { id: '1', number: 'CHG-000001', overlap: { start: d('2026-06-11T01:00:00Z'), end: d('2026-06-11T02:00:00Z') } },
    ])
    expect(changeConflicts(win, ['a'], others).map((c) => c.id)).toEqual(['1', 'self'])
  })
  it('counts every overlapping window regardless of services, plus the change itself', () => {
    const notSelf = others.filter((o) => o.id !== 'self')
    expect(crowdedWindow(win, notSelf, 3)).toEqual({ count: 3, exceeded: false })
    expect(crowdedWindow(win, notSelf, 2)).toEqual({ count: 3, exceeded: true })
    expect(crowdedWindow(win, [], 1)).toEqual({ count: 1, exceeded: false })
  })
  it('property: conflicts are exactly the overlapping, service-sharing others', () => {
    const arb = fc.array(
      fc.record({ s: fc.integer({ min: 0, max: 50 }), len: fc.integer({ min: 1, max: 20 }), svc: fc.subarray(['a', 'b', 'c']) }),
      { maxLength: 8 },
    )
    fc.assert(
      fc.property(arb, fc.subarray(['a', 'b', 'c'], { minLength: 1 }), (rows, mine) => {
        const w = { start: new Date(20), end: new Date(30) }
        const list = rows.map((r, i) => ({ id: String(i), number: `CHG-${i}`, serviceIds: r.svc, window: { start: new Date(r.s), end: new Date(r.s + r.len) } }))
        const expected = list.filter((o) => o.serviceIds.some((s) => mine.includes(s)) && o.window.start.getTime() < 30 && 20 < o.window.end.getTime())
        expect(changeConflicts(w, mine, list).map((c) => c.id)).toEqual(expected.map((o) => o.id))
      }),
    )
  })
})

describe('freezes whose rule cannot be fully evaluated fail closed', () => {
  it('a HARD FREQ=SECONDLY freeze begun a day before the window blocks it (issue 8: it found 0 occurrences)', () => {
    const secondly = fz({ id: 'sec', name: 'Every second', allServices: true, startsAt: d('2026-06-09T22:00:00Z'), endsAt: d('2026-06-09T22:00:01Z'), rrule: 'FREQ=SECONDLY' })
    const conflicts = findFreezeConflicts({ window: win, serviceIds: ['a'], freezes: [secondly] })
    const { blocking } = evaluateFreezeConflicts(conflicts, [], { type: 'NORMAL', fingerprint: 'fp' })
    expect(blocking.map((b) => b.freezeId)).toEqual(['sec'])
    expect(blocking[0]?.overlap).toEqual(win)
    expect(blocking[0]?.reason.message).toBe(
      'The hard freeze "Every second" could not be fully evaluated (its rule is not accepted: a freeze can repeat daily, weekly, monthly or yearly ' +
        '(FREQ=DAILY, WEEKLY, MONTHLY or YEARLY); FREQ=SECONDLY is not supported), so it is treated as covering the whole window ' +
        "(2026-06-10T22:00:00.000Z – 2026-06-11T02:00:00.000Z); only an emergency change with an administrator's exception may run in it.",
    )
  })
})
