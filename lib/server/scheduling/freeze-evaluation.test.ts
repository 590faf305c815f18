import { describe, expect, it } from 'vitest'
import { toFreezeEvaluation } from './freeze-evaluation'

const overlap = { start: new Date('2041-01-01T10:00:00Z'), end: new Date('2041-01-01T11:00:00Z') }
const reason = { code: 'FREEZE_HARD', message: 'HARD freeze "Close" overlaps the window.' }

describe('toFreezeEvaluation', () => {
  it('accepts the freeze module shape (freezeName) and the domain shape (name) alike', () => {
    const fromServer = toFreezeEvaluation({
      blocking: [{ freezeId: 'f1', freezeName: 'Close', severity: 'HARD', overlap, reason }],
      permitted: [{ freezeId: 'f2', freezeName: 'Peak', severity: 'SOFT', overlap }],
    })
    const fromDomain = toFreezeEvaluation({
      blocking: [{ freezeId: 'f1', name: 'Close', severity: 'HARD', overlap, reason }],
      permitted: [{ freezeId: 'f2', name: 'Peak', severity: 'SOFT', overlap }],
    })
    expect(fromServer).toEqual(fromDomain)
    expect(fromServer).toEqual({
      blocking: [{ freezeId: 'f1', name: 'Close', severity: 'HARD', overlap, reason }],
      permitted: [{ freezeId: 'f2', name: 'Peak', severity: 'SOFT', overlap }],
    })
  })
})
