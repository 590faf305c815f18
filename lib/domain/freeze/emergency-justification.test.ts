import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CHANGE_STATUSES, CHANGE_TYPES, FREEZE_SEVERITIES } from '../shared/types'
import { evaluateFreezeConflicts, type FreezeConflict } from './check'
import { exceptionHolds } from './exception'
import {
  MIN_EMERGENCY_JUSTIFICATION_CHARS,
  emergencyJustificationProblem,
  emergencyJustificationReasons,
  type JustifiedChange,
} from './emergency-justification'

const FP = 'a'.repeat(64)
const emergency: JustifiedChange = { type: 'EMERGENCY', status: 'APPROVED', revision: 2, fingerprint: FP }
const soft = { name: 'Quarter end', severity: 'SOFT' as const }
const seen = { revision: 2, fingerprint: FP }
const codes = (c: JustifiedChange, f: { name: string; severity: 'HARD' | 'SOFT' }, s = seen) => emergencyJustificationReasons(c, f, s).map((r) => r.code)
const WRITTEN = 'Card payments fail for every customer; the fix cannot wait for the quarter close.'

describe('the written justification', () => {
  it('must be of meaningful length: characters and words', () => {
    expect(emergencyJustificationProblem('Urgent, sorry.')).toMatch(/at least 40 characters and 6 words/)
    expect(emergencyJustificationProblem('x'.repeat(MIN_EMERGENCY_JUSTIFICATION_CHARS + 10))).not.toBeNull()
    expect(emergencyJustificationProblem(`  ${WRITTEN}  `)).toBeNull()
  })
})

describe('who and what a justification opens', () => {
  it('opens a SOFT freeze for an open EMERGENCY change at the revision the writer read', () => {
    for (const status of ['SUBMITTED', 'APPROVED', 'SCHEDULED'] as const) expect(codes({ ...emergency, status }, soft)).toEqual([])
  })
  it('never a HARD freeze, nor any freeze for a NORMAL or STANDARD change', () => {
    expect(codes(emergency, { ...soft, severity: 'HARD' })).toEqual(['freeze-hard'])
    expect(codes({ ...emergency, type: 'NORMAL' }, soft)).toEqual(['not-emergency'])
    expect(codes({ ...emergency, type: 'STANDARD' }, { ...soft, severity: 'HARD' })).toEqual(['not-emergency', 'freeze-hard'])
  })
  it('only for the revision the writer read, and only while the change can still be scheduled', () => {
    expect(codes(emergency, soft, { revision: 1, fingerprint: 'b'.repeat(64) })).toEqual(['stale'])
    expect(codes({ ...emergency, status: 'DRAFT', fingerprint: null }, soft)).toEqual(['not-open'])
    expect(codes({ ...emergency, status: 'COMPLETED' }, soft)).toEqual(['not-open'])
  })

  it('property: an accepted justification, recorded as the exception it becomes, passes only a SOFT freeze, only for EMERGENCY, only at its fingerprint', () => {
    const conflict = (severity: 'HARD' | 'SOFT'): FreezeConflict => ({
      freezeId: 'f1',
      name: 'Freeze',
      severity,
      overlap: { start: new Date('2026-06-10T10:00:00Z'), end: new Date('2026-06-10T11:00:00Z') },
    })
    fc.assert(
      fc.property(
        fc.constantFrom(...CHANGE_TYPES),
        fc.constantFrom(...CHANGE_STATUSES),
        fc.constantFrom(...FREEZE_SEVERITIES),
        fc.constantFrom(FP, 'b'.repeat(64)),
        fc.constantFrom(...FREEZE_SEVERITIES),
        (type, status, severity, laterFingerprint, laterSeverity) => {
          const change = { type, status, revision: 2, fingerprint: FP }
          const accepted = emergencyJustificationReasons(change, { name: 'Freeze', severity }, seen).length === 0
          if (!accepted) return
          expect(type).toBe('EMERGENCY')
          expect(severity).toBe('SOFT')
          // The exception the use case writes, then the change and the freeze as they are later.
          const exception = { freezeId: 'f1', fingerprint: FP, grantedSeverity: severity, freezeRevision: 1 }
          const holds = exceptionHolds(exception, { severity: laterSeverity, revision: laterSeverity === severity ? 1 : 2 }, laterFingerprint)
          const evaluation = evaluateFreezeConflicts([conflict(laterSeverity)], holds ? [exception] : [], { type, fingerprint: laterFingerprint })
          expect(evaluation.blocking.length === 0).toBe(laterSeverity === 'SOFT' && laterFingerprint === FP)
        },
      ),
    )
  })
})
