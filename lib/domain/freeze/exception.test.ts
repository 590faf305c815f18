import { describe, expect, it } from 'vitest'
import { exceptionHolds } from './exception'

const granted = { fingerprint: 'f1', grantedSeverity: 'SOFT' as const, freezeRevision: 3 }

describe('exceptionHolds', () => {
  it('holds for the revision of the change and of the freeze it was granted for', () => {
    expect(exceptionHolds(granted, { severity: 'SOFT', revision: 3 }, 'f1')).toBe(true)
  })
  it('lapses when the change is materially edited', () => {
    expect(exceptionHolds(granted, { severity: 'SOFT', revision: 3 }, 'f2')).toBe(false)
    expect(exceptionHolds(granted, { severity: 'SOFT', revision: 3 }, null)).toBe(false)
  })
  it('lapses when the freeze is edited (window, rule or scope)', () => {
    expect(exceptionHolds(granted, { severity: 'SOFT', revision: 4 }, 'f1')).toBe(false)
  })
  it('never lets a SOFT excuse count for a HARD freeze, even at the same revision', () => {
    expect(exceptionHolds(granted, { severity: 'HARD', revision: 3 }, 'f1')).toBe(false)
  })
})
