import { describe, expect, it } from 'vitest'
import { ZApiChangeFields } from './schemas'

describe('ZApiChangeFields: the API sends windows as instants', () => {
  it('reads instants with any offset, to the second', () => {
    const parsed = ZApiChangeFields.parse({ title: 'T', windowStart: '2031-03-30T02:30:15+02:00', windowEnd: '2031-03-30T01:00:00Z' })
    expect(parsed.windowStart?.toISOString()).toBe('2031-03-30T00:30:15.000Z')
    expect(parsed.windowEnd?.toISOString()).toBe('2031-03-30T01:00:00.000Z')
  })

  it('treats a missing, null or empty window as none', () => {
    for (const window of [{}, { windowStart: null }, { windowStart: '' }]) {
      expect(ZApiChangeFields.parse({ title: 'T', ...window }).windowStart).toBeNull()
    }
  })

  it('refuses a wall time without an offset, on that field, and ignores a sent time zone', () => {
    const result = ZApiChangeFields.safeParse({ title: 'T', windowStart: '2031-01-01T10:00', timeZone: 'Europe/Paris' })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => i.path[0])).toEqual(['windowStart'])
    expect(ZApiChangeFields.parse({ title: 'T', windowStart: '2031-01-01T10:00:00Z', timeZone: 'Europe/Paris' }).windowStart?.toISOString()).toBe('2031-01-01T10:00:00.000Z')
  })
})
