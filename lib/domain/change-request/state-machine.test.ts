import { describe, expect, it } from 'vitest'
import { ZAuditEvent } from '../audit/events'
import type { GateResult } from '../gate/scheduling-gate'
import { summarizeSignOffs } from '../sign-off/summarize'
import { CHANGE_STATUSES, type ChangeStatus } from '../shared/types'
import { fingerprintOf } from './fingerprint'
import { toMaterialContent } from './material'
import {
  CHANGE_EVENTS,
  allowedEvents,
  availableEvents,
  fieldOfReason,
  transition,
  type ChangeEvent,
  type TransitionContext,
} from './state-machine'
import { NOW, actor, subject } from '@/tests/fixtures/change-request'

// The explicit expected table: status → event → target. Anything absent must be refused.
const EXPECTED: Record<ChangeStatus, Partial<Record<ChangeEvent, ChangeStatus>>> = {
  DRAFT: { submit: 'SUBMITTED', cancel: 'CANCELLED' },
  SUBMITTED: { revise: 'SUBMITTED', approve: 'APPROVED', reject: 'REJECTED', cancel: 'CANCELLED' },
  APPROVED: { revise: 'SUBMITTED', cancel: 'CANCELLED', schedule: 'SCHEDULED' },
  SCHEDULED: { revise: 'SUBMITTED', cancel: 'CANCELLED', unschedule: 'APPROVED', start: 'IN_PROGRESS' },
  IN_PROGRESS: { complete: 'COMPLETED', rollBack: 'ROLLED_BACK', fail: 'FAILED' },
  COMPLETED: { review: 'CLOSED' },
  ROLLED_BACK: { review: 'CLOSED' },
  FAILED: { review: 'CLOSED' },
  CLOSED: {},
  REJECTED: { revise: 'DRAFT', cancel: 'CANCELLED' },
  CANCELLED: {},
}

const manager = actor('u-cm', 'CHANGE_MANAGER')
const requester = actor('u-req', 'REQUESTER')
const OK_GATE: GateResult = { ok: true, checks: [] }
const approvers = [{ id: 'u-appr', name: 'Ann' }]
const signed = (decision: 'APPROVED' | 'REJECTED') =>
  summarizeSignOffs(approvers, [{ approverId: 'u-appr', decision, fingerprint: 'old-fp', revisionNumber: 1, signedAt: NOW }], 'old-fp')

/** A context and actor under which the event's own preconditions hold. */
function happy(event: ChangeEvent): { who: typeof manager | 'system'; ctx: TransitionContext; now: Date } {
  const base = { reason: 'No longer needed after vendor fix.', notes: 'All checks green.', gate: OK_GATE }
  switch (event) {
    case 'approve':
      return { who: 'system', ctx: { signOffState: signed('APPROVED') }, now: NOW }
    case 'reject':
      return { who: 'system', ctx: { signOffState: signed('REJECTED') }, now: NOW }
    case 'start':
      return { who: manager, ctx: base, now: new Date('2026-06-10T21:50:00Z') }
    default:
      return { who: manager, ctx: base, now: NOW }
  }
}

describe('transition table: every (status, event) pair', () => {
  const pairs = CHANGE_STATUSES.flatMap((status) => CHANGE_EVENTS.map((event) => ({ status, event, to: EXPECTED[status][event] })))
  it.each(pairs)('$status --$event--> $to', ({ status, event, to }) => {
    const { who, ctx, now } = happy(event)
    const result = transition(subject({ status, revision: 1, fingerprint: 'old-fp' }), event, who, now, ctx)
    if (to) {
      expect(result).toMatchObject({ ok: true, from: status, to })
    } else {
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.reasons.map((r) => r.code)).toContain('invalid-transition')
    }
  })
  it('allowedEvents matches the expected table', () => {
    for (const status of CHANGE_STATUSES) expect(allowedEvents(status).sort()).toEqual(Object.keys(EXPECTED[status]).sort())
  })
})

describe('transition: authorization', () => {
  it('lets the system fire only approve, reject and unschedule', () => {
    for (const event of CHANGE_EVENTS) {
      const status = (Object.keys(EXPECTED) as ChangeStatus[]).find((s) => EXPECTED[s][event]) ?? 'DRAFT'
      const result = transition(subject({ status, revision: 1, fingerprint: 'old-fp' }), event, 'system', happy(event).now, happy(event).ctx)
      expect(result.ok, event).toBe(['approve', 'reject', 'unschedule'].includes(event))
    }
  })
  it('refuses approve/reject by a person, even a change manager', () => {
    const r = transition(subject({ status: 'SUBMITTED', fingerprint: 'old-fp' }), 'approve', manager, NOW, { signOffState: signed('APPROVED') })
    expect(r).toMatchObject({ ok: false, reasons: [{ code: 'system-only' }] })
  })
  it('refuses an unrelated requester, and says why', () => {
    const r = transition(subject(), 'submit', actor('u-x', 'REQUESTER'), NOW)
    expect(r).toMatchObject({ ok: false, reasons: [{ code: 'forbidden', message: expect.stringMatching(/requester of this change/) }] })
  })
  it('lets the requester of a standard change schedule it, not of a normal one', () => {
    const s = { status: 'APPROVED' as const, fingerprint: 'old-fp' }
    expect(transition(subject({ ...s, type: 'STANDARD' }), 'schedule', requester, NOW, { gate: OK_GATE }).ok).toBe(true)
    expect(transition(subject(s), 'schedule', requester, NOW, { gate: OK_GATE }).ok).toBe(false)
  })
})

describe('transition: every failing reason at once', () => {
  it('collects status, authorization and content reasons together', () => {
    const r = transition(subject({ status: 'APPROVED', purpose: 'tbd', approverIds: [] }), 'submit', actor('u-x', 'APPROVER'), NOW)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reasons.map((x) => x.code)).toEqual(['invalid-transition', 'forbidden', 'invalid:purpose', 'no-approvers'])
  })
  it('schedule lists all gate reasons', () => {
    const gate: GateResult = {
      ok: false,
      checks: [
        { id: 'sign-offs', passed: false, title: 't', reasons: [{ code: 'sign-off-missing', message: 'm' }] },
        { id: 'freeze', passed: false, title: 't', reasons: [{ code: 'freeze-hard', message: 'h' }] },
      ],
    }
    const r = transition(subject({ status: 'APPROVED', fingerprint: 'f' }), 'schedule', manager, NOW, { gate })
    expect(r.ok ? [] : r.reasons.map((x) => x.code)).toEqual(['sign-off-missing', 'freeze-hard'])
    const missing = transition(subject({ status: 'APPROVED', fingerprint: 'f' }), 'schedule', manager, NOW)
    expect(missing.ok ? [] : missing.reasons.map((x) => x.code)).toEqual(['gate-missing'])
  })
})

describe('transition: preconditions', () => {
  const at = (status: ChangeStatus) => subject({ status, revision: 2, fingerprint: 'old-fp' })
  it('submit mints revision+1 with the content fingerprint', () => {
    const r = transition(subject({ revision: 2, fingerprint: 'old-fp' }), 'submit', requester, NOW)
    expect(r).toMatchObject({ ok: true, revision: { number: 3, fingerprint: fingerprintOf(toMaterialContent(subject())) } })
  })
  it('submit refuses content identical to the last submitted revision', () => {
    const fp = fingerprintOf(toMaterialContent(subject()))
    const r = transition(subject({ revision: 1, fingerprint: fp }), 'submit', requester, NOW)
    expect(r).toMatchObject({ ok: false, reasons: [{ code: 'unchanged' }] })
  })
  it('revise to SUBMITTED requires a material change and valid content', () => {
    const fp = fingerprintOf(toMaterialContent(subject()))
    expect(transition(subject({ status: 'APPROVED', fingerprint: fp }), 'revise', requester, NOW)).toMatchObject({
      ok: false,
      reasons: [{ code: 'not-material' }],
    })
    const r = transition(at('SCHEDULED'), 'revise', requester, NOW, { changedFields: ['rollbackPlan'] })
    expect(r).toMatchObject({ ok: true, to: 'SUBMITTED', revision: { number: 3 } })
    if (r.ok) expect(r.audit[0]).toMatchObject({ action: 'change.revised', details: { revision: 3, fields: ['rollbackPlan'] } })
    expect(transition({ ...at('SUBMITTED'), rollbackPlan: '' }, 'revise', requester, NOW).ok).toBe(false)
  })
  it('revise from REJECTED reopens a draft without minting a revision', () => {
    const r = transition(at('REJECTED'), 'revise', requester, NOW)
    expect(r).toMatchObject({ ok: true, to: 'DRAFT' })
    expect(r.ok && r.revision).toBe(undefined)
  })
  it('approve needs all approvals, reject needs a rejection', () => {
    const pending = summarizeSignOffs(approvers, [], 'old-fp')
    expect(transition(at('SUBMITTED'), 'approve', 'system', NOW, { signOffState: pending })).toMatchObject({ ok: false, reasons: [{ code: 'sign-offs-incomplete' }] })
    expect(transition(at('SUBMITTED'), 'approve', 'system', NOW)).toMatchObject({ ok: false, reasons: [{ code: 'sign-offs-unknown' }] })
    expect(transition(at('SUBMITTED'), 'reject', 'system', NOW, { signOffState: pending })).toMatchObject({ ok: false, reasons: [{ code: 'no-rejection' }] })
    expect(transition(at('SUBMITTED'), 'reject', 'system', NOW)).toMatchObject({ ok: false, reasons: [{ code: 'sign-offs-unknown' }] })
  })
  it.each(['cancel', 'unschedule'] as const)('%s requires a reason', (event) => {
    const status = event === 'cancel' ? 'APPROVED' : 'SCHEDULED'
    expect(transition(at(status), event, manager, NOW, { reason: '  ' })).toMatchObject({ ok: false, reasons: [{ code: 'reason-required' }] })
  })
  it.each(['complete', 'rollBack', 'fail'] as const)('%s requires notes', (event) => {
    expect(transition(at('IN_PROGRESS'), event, manager, NOW)).toMatchObject({ ok: false, reasons: [{ code: 'notes-required' }] })
  })
  it('review requires notes', () => {
    expect(transition(at('FAILED'), 'review', manager, NOW, { notes: '' })).toMatchObject({ ok: false, reasons: [{ code: 'notes-required' }] })
  })
  it('an emergency change closes only with a written retrospective, any other with notes', () => {
    const emergency = { ...at('COMPLETED'), type: 'EMERGENCY' as const }
    expect(transition(emergency, 'review', manager, NOW, { notes: 'Fine.' })).toMatchObject({ ok: false, reasons: [{ code: 'emergency-review-required' }] })
    expect(transition(emergency, 'review', manager, NOW, { notes: '' })).toMatchObject({ ok: false, reasons: [{ code: 'notes-required' }] })
    expect(transition(emergency, 'review', manager, NOW, { notes: 'The queue really was down; add an alert.' })).toMatchObject({ ok: true, to: 'CLOSED' })
    expect(transition(at('COMPLETED'), 'review', manager, NOW, { notes: 'Fine.' })).toMatchObject({ ok: true, to: 'CLOSED' })
  })
  it('start only from windowStart − grace until windowEnd (half-open)', () => {
    const s = at('SCHEDULED') // window 2026-06-10T22:00Z – 2026-06-11T00:00Z
    const startAt = (iso: string, grace?: number) => transition(s, 'start', manager, new Date(iso), grace === undefined ? {} : { startGraceMinutes: grace })
    expect(startAt('2026-06-10T21:44:59.999Z')).toMatchObject({ ok: false, reasons: [{ code: 'too-early' }] })
    expect(startAt('2026-06-10T21:45:00Z').ok).toBe(true)
    expect(startAt('2026-06-10T21:59:00Z', 0)).toMatchObject({ ok: false, reasons: [{ code: 'too-early' }] })
    expect(startAt('2026-06-10T21:30:00Z', 30).ok).toBe(true)
    expect(startAt('2026-06-10T23:59:59.999Z').ok).toBe(true)
    expect(startAt('2026-06-11T00:00:00Z')).toMatchObject({ ok: false, reasons: [{ code: 'window-over' }] })
    expect(transition({ ...s, windowStart: null }, 'start', manager, NOW)).toMatchObject({ ok: false, reasons: [{ code: 'window-missing' }] })
  })
})

describe('transition: audit drafts', () => {
  it('every successful transition yields audit drafts valid under ZAuditEvent, with from/to', () => {
    for (const status of CHANGE_STATUSES) {
      for (const event of allowedEvents(status)) {
        const { who, ctx, now } = happy(event)
        const r = transition(subject({ status, revision: 1, fingerprint: 'old-fp' }), event, who, now, { ...ctx, acknowledgedConflicts: ['CHG-000001'], freezeId: 'f1' })
        expect(r.ok, `${status} ${event}`).toBe(true)
        if (!r.ok) continue
        for (const draft of r.audit) {
          expect(ZAuditEvent.parse(draft)).toEqual(draft)
          expect(draft).toMatchObject({ fromStatus: status, toStatus: r.to })
        }
      }
    }
  })
})

describe('helpers', () => {
  it('availableEvents combines table and policy', () => {
    const c = subject({ status: 'SCHEDULED' })
    expect(availableEvents(c, requester).sort()).toEqual(['cancel', 'revise'])
    expect(availableEvents(c, manager).sort()).toEqual(['cancel', 'revise', 'start', 'unschedule'])
  })
  it('fieldOfReason maps submission reasons to fields', () => {
    expect(fieldOfReason({ code: 'invalid:rollbackPlan', message: '' })).toEqual({ field: 'rollbackPlan', label: 'Rollback plan' })
    expect(fieldOfReason({ code: 'invalid:title', message: '' })).toEqual({ field: 'title', label: 'Title' })
    expect(fieldOfReason({ code: 'forbidden', message: '' })).toBeNull()
  })
})
