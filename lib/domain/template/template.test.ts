import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { transition } from '../change-request/state-machine'
import { evaluateSchedulingGate } from '../gate/scheduling-gate'
import { NO_SIGN_OFFS } from '../sign-off/summarize'
import { NOW, actor, subject } from '@/tests/fixtures/change-request'
import { TEMPLATE_APPROVAL_RULES, evaluateTemplateApproval, resolveTemplateRules, validateTemplateSignOff } from './approval'
import { basisHolds, basisInWords, basisReasons, type TemplateBasis } from './basis'
import { LOCKED_FIELDS, ZTemplateProposal, isLockedField, limitsInWords, lockedValuesOf, type TemplateVersion } from './template'
import { editedLockedFields, validateTemplateChange, windowProblems } from './filing'
import { reactivationProblem, statusAfterOutcome, successInWords, templateStats } from './suspension'

const version = (overrides: Partial<TemplateVersion> = {}): TemplateVersion => ({
  id: 'v1',
  version: 1,
  status: 'APPROVED',
  proposedById: 'u-cm',
  purpose: 'Rotate the TLS certificate of the web tier before it expires.',
  currentState: 'The certificate expires within 30 days.',
  futureState: 'A new certificate valid for 90 days is served.',
  implementationPlan: '1. Upload the new certificate\n2. Reload the load balancer',
  rollbackPlan: 'Re-upload the previous certificate and reload.',
  monitoringPlan: 'Watch TLS handshake errors for 30 minutes.',
  testEvidence: 'Rotated on staging every 60 days for a year.',
  serviceIds: ['svc-web'],
  maxDurationMinutes: 120,
  allowedWeekdays: [],
  allowedFromMinute: null,
  allowedUntilMinute: null,
  timeZone: 'UTC',
  ...overrides,
})

/** A change filed from `v` with the window given. */
const filed = (v: TemplateVersion, start: string, end: string) => ({ ...lockedValuesOf(v), windowStart: new Date(start), windowEnd: new Date(end) })

const basis = (overrides: Partial<TemplateBasis> = {}): TemplateBasis => ({
  templateId: 't1',
  templateName: 'Rotate a TLS certificate',
  versionId: 'v1',
  version: 2,
  templateStatus: 'ACTIVE',
  versionStatus: 'APPROVED',
  approvedBy: ['Casey Manager', 'Olive Owner'],
  approvedAt: new Date('2026-05-01T09:00:00Z'),
  suspendedReason: null,
  ...overrides,
})

describe('locked fields', () => {
  it('are the approved text, the services, type STANDARD and risk LOW; the window, title and communication plan stay free', () => {
    expect(LOCKED_FIELDS).toEqual(['purpose', 'currentState', 'futureState', 'implementationPlan', 'rollbackPlan', 'monitoringPlan', 'testEvidence', 'serviceIds', 'type'])
    for (const free of ['title', 'windowStart', 'windowEnd', 'communicationPlan', 'impactDescription']) expect(isLockedField(free)).toBe(false)
  })

  it('accepts the copied values (whitespace the fingerprint ignores, services in any order)', () => {
    const v = version({ serviceIds: ['svc-b', 'svc-a'] })
    const change = { ...lockedValuesOf(v), purpose: `${v.purpose}  \r\n`, serviceIds: ['svc-a', 'svc-b', 'svc-a'] }
    expect(editedLockedFields(v, change)).toEqual([])
  })

  it('names every locked field that was edited, including type and risk', () => {
    const v = version()
    const change = { ...lockedValuesOf(v), rollbackPlan: 'Hope.', serviceIds: ['svc-web', 'svc-db'], type: 'NORMAL' as const }
    expect(editedLockedFields(v, change)).toEqual(['rollbackPlan', 'serviceIds', 'type'])
    const result = validateTemplateChange(v, { ...change, windowStart: null, windowEnd: null })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(Object.keys(result.fieldErrors).sort()).toEqual(['rollbackPlan', 'serviceIds', 'type'])
  })

  it('property: every edit of a locked text field is refused, an untouched copy accepted', () => {
    const textFields = ['purpose', 'currentState', 'futureState', 'implementationPlan', 'rollbackPlan', 'monitoringPlan', 'testEvidence'] as const
    fc.assert(
      fc.property(fc.constantFrom(...textFields), fc.string({ minLength: 1 }).filter((s) => /\S/.test(s)), (field, extra) => {
        const v = version()
        const copy = lockedValuesOf(v)
        expect(editedLockedFields(v, copy)).toEqual([])
        expect(editedLockedFields(v, { ...copy, [field]: `${extra.trim()} ${copy[field]}` })).toEqual([field])
      }),
    )
  })
})

describe('window limits', () => {
  it('refuses a window longer than the maximum duration', () => {
    const v = version({ maxDurationMinutes: 60 })
    expect(validateTemplateChange(v, filed(v, '2026-06-10T22:00:00Z', '2026-06-10T23:00:00Z')).ok).toBe(true)
    const long = validateTemplateChange(v, filed(v, '2026-06-10T22:00:00Z', '2026-06-10T23:01:00Z'))
    expect(long).toEqual({ ok: false, fieldErrors: { windowEnd: ['The window lasts 61 minutes; the template allows at most 1 h.'] } })
  })

  it('refuses a start on a day the template does not allow, read in its zone', () => {
    // Tuesday to Thursday in New York; 2026-06-10 02:00 UTC is Tuesday 22:00 in New York (Wednesday in UTC).
    const v = version({ allowedWeekdays: [2, 3, 4], timeZone: 'America/New_York' })
    expect(windowProblems(v, new Date('2026-06-10T02:00:00Z'), new Date('2026-06-10T03:00:00Z'))).toEqual({})
    // 2026-06-09 02:00 UTC is Monday 22:00 in New York.
    expect(windowProblems(v, new Date('2026-06-09T02:00:00Z'), new Date('2026-06-09T03:00:00Z')).windowStart?.[0]).toMatch(/starts on a Monday in America\/New_York/)
  })

  it('keeps the whole window inside the allowed local hours of its start day, 24:00 included', () => {
    const v = version({ allowedFromMinute: 22 * 60, allowedUntilMinute: 1440, timeZone: 'Europe/London', maxDurationMinutes: 180 })
    // June: London is UTC+1. 22:00–24:00 local = 21:00–23:00 UTC.
    expect(windowProblems(v, new Date('2026-06-10T21:00:00Z'), new Date('2026-06-10T23:00:00Z'))).toEqual({})
    expect(windowProblems(v, new Date('2026-06-10T20:59:00Z'), new Date('2026-06-10T22:00:00Z')).windowStart).toHaveLength(1)
    expect(windowProblems(v, new Date('2026-06-10T22:00:00Z'), new Date('2026-06-10T23:01:00Z')).windowStart).toHaveLength(1)
  })

  it('DST spring forward (London, 2026-03-29): 00:30–03:30 on the clock is 2 real hours, within a 2-hour maximum and 00:00–04:00', () => {
    const v = version({ allowedFromMinute: 0, allowedUntilMinute: 240, timeZone: 'Europe/London', maxDurationMinutes: 120 })
    // 00:30 GMT = 00:30Z; 03:30 BST = 02:30Z.
    expect(windowProblems(v, new Date('2026-03-29T00:30:00Z'), new Date('2026-03-29T02:30:00Z'))).toEqual({})
    // The same clock times a week earlier are 3 real hours.
    expect(windowProblems(v, new Date('2026-03-22T00:30:00Z'), new Date('2026-03-22T03:30:00Z')).windowEnd?.[0]).toMatch(/lasts 180 minutes/)
  })

  it('DST fall back (London, 2026-10-25): 00:30–02:30 on the clock is 3 real hours, over a 2-hour maximum; the hours still fit', () => {
    const v = version({ allowedFromMinute: 0, allowedUntilMinute: 240, timeZone: 'Europe/London', maxDurationMinutes: 120 })
    // 00:30 BST = 2026-10-24T23:30Z; 02:30 GMT = 02:30Z.
    const problems = windowProblems(v, new Date('2026-10-24T23:30:00Z'), new Date('2026-10-25T02:30:00Z'))
    expect(problems.windowEnd?.[0]).toMatch(/lasts 180 minutes/)
    expect(problems.windowStart).toBeUndefined()
  })

  it('property: under TZ-independent rules the duration limit is exact in real minutes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 600 }), (max, length) => {
        const v = version({ maxDurationMinutes: max })
        const start = new Date('2026-10-24T22:00:00Z')
        const end = new Date(start.getTime() + length * 60_000)
        expect(windowProblems({ ...v, timeZone: 'Europe/London' }, start, end).windowEnd === undefined).toBe(length <= max)
      }),
    )
  })

  it('says the limits in words', () => {
    expect(limitsInWords(version({ maxDurationMinutes: 90, allowedWeekdays: [4, 2], allowedFromMinute: 1320, allowedUntilMinute: 1440, timeZone: 'Europe/London' }))).toBe(
      'at most 1 h 30 min on Tuesday, Thursday between 22:00 and 24:00 (Europe/London)',
    )
    expect(limitsInWords(version({ maxDurationMinutes: 45 }))).toBe('at most 45 min')
  })
})

describe('proposal form', () => {
  const valid = {
    name: 'Rotate a TLS certificate',
    ...lockedValuesOf(version()),
    maxDurationMinutes: '120',
    allowedWeekdays: ['3', '2', '3'],
    allowedFrom: '22:00',
    allowedUntil: '24:00',
    timeZone: 'Europe/London',
    serviceIds: ['0f8fad5b-d9cb-469f-a165-70867728950e'],
  }
  it('parses hours to minutes and weekdays to a sorted set', () => {
    const parsed = ZTemplateProposal.parse(valid)
    expect(parsed).toMatchObject({ maxDurationMinutes: 120, allowedWeekdays: [2, 3], allowedFromMinute: 1320, allowedUntilMinute: 1440 })
  })
  it('refuses half-given hours, hours that end before they start, and an unknown zone', () => {
    const paths = (input: object) => ZTemplateProposal.safeParse(input).error?.issues.map((i) => i.path.join('.'))
    expect(paths({ ...valid, allowedUntil: '' })).toEqual(['allowedUntil'])
    expect(paths({ ...valid, allowedFrom: '23:00', allowedUntil: '22:00' })).toEqual(['allowedUntil'])
    expect(paths({ ...valid, timeZone: 'Mars/Olympus' })).toEqual(['timeZone'])
  })
})

describe("the template's own approval", () => {
  const seats = { proposerId: 'u-cm', changeManagerIds: ['u-cm', 'u-cm2'], serviceOwnerIds: ['u-own1', 'u-own2'] }
  const rules = resolveTemplateRules(TEMPLATE_APPROVAL_RULES, seats)

  it('by default needs one change manager (not the proposer) and every service owner', () => {
    expect(rules).toEqual([
      { position: 0, stage: 1, mode: 'ANY', description: 'any one of the change managers', required: 1, eligibleIds: ['u-cm2'] },
      { position: 1, stage: 1, mode: 'ALL', description: 'all owners of the affected services', required: 2, eligibleIds: ['u-own1', 'u-own2'] },
    ])
    const some = evaluateTemplateApproval(rules, [{ signerId: 'u-cm2', decision: 'APPROVED' }, { signerId: 'u-own1', decision: 'APPROVED' }])
    expect(some).toMatchObject({ holds: false, vetoed: false, awaiting: ['u-own2'] })
    const all = evaluateTemplateApproval(rules, [...[{ signerId: 'u-cm2' }, { signerId: 'u-own1' }, { signerId: 'u-own2' }].map((d) => ({ ...d, decision: 'APPROVED' as const }))])
    expect(all.holds).toBe(true)
  })

  it('a proposer who owns the only service is not asked; the change-manager rule still needs someone else', () => {
    const own = resolveTemplateRules(TEMPLATE_APPROVAL_RULES, { proposerId: 'u-cm', changeManagerIds: ['u-cm'], serviceOwnerIds: ['u-cm'] })
    expect(own).toEqual([{ position: 0, stage: 1, mode: 'ANY', description: 'any one of the change managers', required: 1, eligibleIds: [] }])
    expect(evaluateTemplateApproval(own, [{ signerId: 'u-cm', decision: 'APPROVED' }]).holds).toBe(false)
    const another = resolveTemplateRules(TEMPLATE_APPROVAL_RULES, { proposerId: 'u-cm', changeManagerIds: ['u-cm', 'u-cm2'], serviceOwnerIds: ['u-cm'] })
    expect(evaluateTemplateApproval(another, [{ signerId: 'u-cm2', decision: 'APPROVED' }]).holds).toBe(true)
  })

  it('property: no set of decisions holds without the required eligible approvals, and a rejection always vetoes', () => {
    const people = ['u-cm', 'u-cm2', 'u-own1', 'u-own2', 'u-x']
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ signerId: fc.constantFrom(...people), decision: fc.constantFrom('APPROVED' as const, 'REJECTED' as const) }), { selector: (d) => d.signerId }), (decisions) => {
        const result = evaluateTemplateApproval(rules, decisions)
        const approved = new Set(decisions.filter((d) => d.decision === 'APPROVED').map((d) => d.signerId))
        const enough = approved.has('u-cm2') && approved.has('u-own1') && approved.has('u-own2')
        const rejectedByEligible = decisions.some((d) => d.decision === 'REJECTED' && d.signerId !== 'u-cm' && d.signerId !== 'u-x')
        expect(result.holds).toBe(enough && !rejectedByEligible)
        if (rejectedByEligible) expect(result.holds).toBe(false)
      }),
    )
  })

  it('a sign-off is written, by an eligible signer who did not propose the version', () => {
    const target = { proposedById: 'u-cm', status: 'PROPOSED', eligibleIds: ['u-cm2', 'u-own1'], decidedBy: [] }
    const input = { decision: 'APPROVED' as const, statement: 'Checked the rollback on staging twice.', signature: 'Casey Two' }
    expect(validateTemplateSignOff(input, { id: 'u-cm2', name: 'Casey Two' }, target)).toEqual({ ok: true })
    const own = validateTemplateSignOff(input, { id: 'u-cm', name: 'Casey Two' }, target)
    expect(own.ok ? [] : own.fieldErrors.form).toEqual(['You proposed this template version, so you cannot sign it.'])
    const short = validateTemplateSignOff({ ...input, statement: 'ok', signature: 'Someone' }, { id: 'u-own1', name: 'Olive Owner' }, target)
    expect(short.ok ? [] : Object.keys(short.fieldErrors).sort()).toEqual(['signature', 'statement'])
  })
})

describe('suspension and numbers', () => {
  it('a FAILED or ROLLED_BACK change suspends an active template; a completed one does not', () => {
    expect(statusAfterOutcome('ACTIVE', 'FAILED')).toBe('SUSPENDED')
    expect(statusAfterOutcome('ACTIVE', 'ROLLED_BACK')).toBe('SUSPENDED')
    expect(statusAfterOutcome('ACTIVE', 'COMPLETED')).toBe('ACTIVE')
    expect(statusAfterOutcome('RETIRED', 'FAILED')).toBe('RETIRED')
  })
  it('only a suspended template with an approved version is reactivated, with a written reason', () => {
    expect(reactivationProblem({ status: 'SUSPENDED', hasApprovedVersion: true }, 'Reviewed CHG-000004: the vendor fixed the bug.')).toBeNull()
    expect(reactivationProblem({ status: 'ACTIVE', hasApprovedVersion: true }, 'Reviewed CHG-000004: the vendor fixed the bug.')).toMatch(/Only a suspended/)
    expect(reactivationProblem({ status: 'SUSPENDED', hasApprovedVersion: true }, 'fine')).toMatch(/at least 20/)
  })
  it('counts uses and the success rate', () => {
    const stats = templateStats(5, { completed: 2, failed: 1, rolledBack: 0 })
    expect(stats).toEqual({ uses: 5, completed: 2, finished: 3, successRate: 2 / 3 })
    expect(successInWords(stats)).toBe('2 of 3 (67 %)')
    expect(successInWords(templateStats(1, { completed: 0, failed: 0, rolledBack: 0 }))).toBe('no outcome yet')
  })
})

describe('pre-approval on the basis of the template', () => {
  const change = subject({ type: 'STANDARD', riskLevel: 'LOW', approverIds: [], requesterId: 'u-req' })

  it('holds for an approved (or since superseded) version of an ACTIVE template only', () => {
    expect(basisHolds(basis())).toBe(true)
    expect(basisHolds(basis({ versionStatus: 'SUPERSEDED' }))).toBe(true)
    expect(basisReasons(basis({ versionStatus: 'PROPOSED' })).map((r) => r.code)).toEqual(['template-version-unapproved'])
    expect(basisReasons(basis({ templateStatus: 'SUSPENDED', suspendedReason: 'CHG-000004 failed.' }))[0]?.message).toMatch(/suspended: CHG-000004 failed/)
    expect(basisInWords(basis())).toBe('Pre-approved by standard template Rotate a TLS certificate v2, approved by Casey Manager, Olive Owner on 2026-05-01 09:00 (UTC, GMT)')
  })

  it('submit needs no approvers and approve needs no sign-offs while the basis holds', () => {
    const requester = actor('u-req', 'REQUESTER')
    expect(transition(change, 'submit', requester, NOW).ok).toBe(false)
    const submitted = transition(change, 'submit', requester, NOW, { templateBasis: basis() })
    expect(submitted.ok).toBe(true)
    const approved = transition({ ...change, status: 'SUBMITTED' }, 'approve', 'system', NOW, { templateBasis: basis() })
    expect(approved).toMatchObject({ ok: true, to: 'APPROVED' })
    const suspended = transition({ ...change, status: 'SUBMITTED' }, 'approve', 'system', NOW, { templateBasis: basis({ templateStatus: 'SUSPENDED' }) })
    expect(suspended.ok).toBe(false)
    expect(transition(change, 'submit', requester, NOW, { templateBasis: basis({ templateStatus: 'SUSPENDED' }) }).ok).toBe(false)
  })

  it('the gate checks the basis instead of sign-offs, and still checks the window, freezes and conflicts', () => {
    const approved = { ...change, status: 'APPROVED' as const, fingerprint: 'f' }
    const input = { change: approved, signOffs: NO_SIGN_OFFS, freeze: { blocking: [], permitted: [] }, changeConflicts: [], now: NOW }
    expect(evaluateSchedulingGate(input).ok).toBe(false)
    const gate = evaluateSchedulingGate({ ...input, templateBasis: basis() })
    expect(gate.ok).toBe(true)
    expect(gate.checks.find((c) => c.id === 'sign-offs')?.title).toMatch(/^Pre-approved by standard template Rotate a TLS certificate v2/)
    const conflicted = evaluateSchedulingGate({
      ...input,
      templateBasis: basis(),
      changeConflicts: [{ id: 'c2', number: 'CHG-000002', overlap: { start: new Date('2026-06-10T22:00:00Z'), end: new Date('2026-06-10T23:00:00Z') } }],
    })
    expect(conflicted.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['conflicts'])
    const suspended = evaluateSchedulingGate({ ...input, templateBasis: basis({ templateStatus: 'SUSPENDED' }) })
    expect(suspended.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['sign-offs'])
  })
})
