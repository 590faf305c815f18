import { describe, expect, it } from 'vitest'
import { buildTimeline, type TimelineInput } from './timeline'

const at = (iso: string) => new Date(iso)
const noColumns: TimelineInput['change'] = { outcomeNotes: null, finishedAt: null, reviewNotes: null, reviewedAt: null }

describe('buildTimeline', () => {
  it('merges updates, the outcome and the review in time order, each with its author', () => {
    const timeline = buildTimeline({
      updates: [
        { id: 'u2', body: 'step 2 of 4 done', createdAt: at('2026-03-29T01:20:00Z'), authorName: 'Rita' },
        { id: 'u1', body: 'step 1 of 4 done', createdAt: at('2026-03-29T01:10:00Z'), authorName: 'Morgan' },
      ],
      auditEvents: [
        { id: '9', action: 'change.reviewed', at: at('2026-03-30T09:00:00Z'), actorName: 'Morgan', details: { notes: 'Lessons learned.' } },
        { id: '7', action: 'change.started', at: at('2026-03-29T01:00:00Z'), actorName: 'Morgan', details: {} },
        { id: '8', action: 'change.rolled-back', at: at('2026-03-29T01:40:00Z'), actorName: 'Morgan', details: { notes: 'Step 3 failed.' } },
      ],
      change: { outcomeNotes: 'Step 3 failed.', finishedAt: at('2026-03-29T01:40:00Z'), reviewNotes: 'Lessons learned.', reviewedAt: at('2026-03-30T09:00:00Z') },
    })
    expect(timeline.map((e) => [e.label, e.authorName, e.body])).toEqual([
      ['Status update', 'Morgan', 'step 1 of 4 done'],
      ['Status update', 'Rita', 'step 2 of 4 done'],
      ['Outcome: rolled back', 'Morgan', 'Step 3 failed.'],
      ['Post-implementation review', 'Morgan', 'Lessons learned.'],
    ])
  })

  it('labels each outcome', () => {
    const events = ['change.completed', 'change.failed'].map((action, i) => ({ id: String(i), action, at: at(`2026-01-0${i + 1}T00:00:00Z`), actorName: 'M', details: { notes: 'n' } }))
    expect(buildTimeline({ updates: [], auditEvents: events, change: noColumns }).map((e) => e.label)).toEqual(['Outcome: completed', 'Outcome: failed'])
  })

  it('falls back to the change’s columns when no audit event recorded the notes (author unknown)', () => {
    const timeline = buildTimeline({
      updates: [],
      auditEvents: [],
      change: { outcomeNotes: 'Done.', finishedAt: at('2026-01-01T00:00:00Z'), reviewNotes: 'Fine.', reviewedAt: at('2026-01-02T00:00:00Z') },
    })
    expect(timeline).toMatchObject([
      { kind: 'outcome', authorName: null, body: 'Done.' },
      { kind: 'review', authorName: null, body: 'Fine.' },
    ])
  })

  it('ignores audit events with malformed details and keeps a stable order for equal times', () => {
    const same = at('2026-01-01T00:00:00Z')
    const timeline = buildTimeline({
      updates: [{ id: 'u', body: 'last step done', createdAt: same, authorName: 'R' }],
      auditEvents: [
        { id: '1', action: 'change.completed', at: same, actorName: 'M', details: { notes: 'Done.' } },
        { id: '2', action: 'change.completed', at: same, actorName: 'M', details: { wrong: true } },
      ],
      change: noColumns,
    })
    expect(timeline.map((e) => e.kind)).toEqual(['update', 'outcome'])
  })

  it('is empty for a change that never ran', () => {
    expect(buildTimeline({ updates: [], auditEvents: [], change: noColumns })).toEqual([])
  })
})
