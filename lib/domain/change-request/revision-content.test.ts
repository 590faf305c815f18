import { describe, expect, it } from 'vitest'
import { parseRevisionContent } from './revision-content'

const content = {
  purpose: 'p',
  currentState: 'c',
  futureState: 'f',
  implementationPlan: 'i',
  rollbackPlan: 'r',
  monitoringPlan: 'm',
  testEvidence: '',
  communicationPlan: '',
  impactDescription: 'x',
  type: 'NORMAL',
  riskLevel: 'LOW',
  windowStart: '2041-01-01T10:00:00.000Z',
  windowEnd: null,
  serviceIds: ['a'],
}

describe('parseRevisionContent', () => {
  it('reads a stored snapshot back as material content', () => {
    expect(parseRevisionContent(content)).toEqual(content)
  })
  it('treats anything else as no snapshot rather than guessing', () => {
    expect(parseRevisionContent({ ...content, type: 'SOMETIMES' })).toBeNull()
    expect(parseRevisionContent(null)).toBeNull()
  })
})
