import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RUBBER_STAMP, isRubberStamp, rubberStampReason } from './rubber-stamp'

const quick = 30
describe('the rubber-stamp signal', () => {
  it('flags 20 of 20 approvals with a median of 30 s', () => {
    expect(isRubberStamp({ decisions: 20, approvals: 20, medianDecisionSeconds: quick })).toBe(true)
  })
  it('needs at least 20 decisions: 19 of 19 quick approvals are not flagged', () => {
    expect(isRubberStamp({ decisions: 19, approvals: 19, medianDecisionSeconds: quick })).toBe(false)
  })
  it('needs strictly more than 95 %: 19 of 20 (exactly 95 %) is not flagged, 39 of 40 (97.5 %) is', () => {
    expect(isRubberStamp({ decisions: 20, approvals: 19, medianDecisionSeconds: quick })).toBe(false)
    expect(isRubberStamp({ decisions: 40, approvals: 39, medianDecisionSeconds: quick })).toBe(true)
    expect(isRubberStamp({ decisions: 100, approvals: 95, medianDecisionSeconds: quick })).toBe(false)
    expect(isRubberStamp({ decisions: 100, approvals: 96, medianDecisionSeconds: quick })).toBe(true)
  })
  it('needs a median strictly under 2 minutes: 120 s is not flagged, 119.9 s is', () => {
    expect(isRubberStamp({ decisions: 20, approvals: 20, medianDecisionSeconds: 120 })).toBe(false)
    expect(isRubberStamp({ decisions: 20, approvals: 20, medianDecisionSeconds: 119.9 })).toBe(true)
    expect(isRubberStamp({ decisions: 20, approvals: 20, medianDecisionSeconds: null })).toBe(false)
  })
  it('says what it saw', () => {
    expect(rubberStampReason({ decisions: 20, approvals: 20, medianDecisionSeconds: 30 })).toBe('20 of 20 decisions approved (100 %), median time to decision 30 s')
  })

  const record = fc
    .integer({ min: 0, max: 500 })
    .chain((decisions) => fc.record({ decisions: fc.constant(decisions), approvals: fc.integer({ min: 0, max: decisions }), medianDecisionSeconds: fc.option(fc.double({ min: 0, max: 3600, noNaN: true })) }))

  it('is exactly the three conditions (property, against the rule written with division)', () => {
    fc.assert(
      fc.property(record, (r) => {
        const expected =
          r.decisions >= RUBBER_STAMP.minDecisions && r.approvals / r.decisions > RUBBER_STAMP.approvalShareAbove && r.medianDecisionSeconds !== null && r.medianDecisionSeconds < RUBBER_STAMP.medianSecondsBelow
        // Away from the exact 95 % edge the division is exact enough; on it, the integer rule says "not above".
        if (r.decisions > 0 && r.approvals * 20 === r.decisions * 19) expect(isRubberStamp(r)).toBe(false)
        else expect(isRubberStamp(r)).toBe(expected)
      }),
    )
  })
  it('on the edges: one decision fewer, one approval fewer at 95 %, or the median at 120 s turns a flag off (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 119.99, noNaN: true }), (k, median) => {
        const decisions = 20 * k // 95 % is an exact count here
        const atEdge = (decisions * 19) / 20
        expect(isRubberStamp({ decisions, approvals: atEdge + 1, medianDecisionSeconds: median })).toBe(true)
        expect(isRubberStamp({ decisions, approvals: atEdge, medianDecisionSeconds: median })).toBe(false)
        expect(isRubberStamp({ decisions, approvals: atEdge + 1, medianDecisionSeconds: 120 })).toBe(false)
        expect(isRubberStamp({ decisions: 19, approvals: 19, medianDecisionSeconds: median })).toBe(false)
      }),
    )
  })
  it('more approvals or a quicker median never removes a flag (monotone, property)', () => {
    fc.assert(
      fc.property(record, fc.double({ min: 0, max: 1, noNaN: true }), (r, faster) => {
        if (!isRubberStamp(r)) return
        const median = r.medianDecisionSeconds ?? 0
        expect(isRubberStamp({ ...r, approvals: r.decisions, medianDecisionSeconds: median * faster })).toBe(true)
      }),
    )
  })
})
